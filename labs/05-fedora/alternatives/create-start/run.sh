#!/bin/sh
# docker create + docker start instead of docker run, with --name=.
docker create --init --name=mifedora fedora:40 bash -c 'echo "Hola desde Fedora"; sleep infinity'
docker start mifedora

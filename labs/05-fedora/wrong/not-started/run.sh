#!/bin/sh
# Created with docker create but never started.
docker create --init --name mifedora fedora:40 bash -c 'echo "Hola desde Fedora"; sleep infinity'

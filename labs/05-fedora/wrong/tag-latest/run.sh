#!/bin/sh
# The course notes' fedora:latest.
docker run -d --init --name mifedora fedora:latest bash -c 'echo "Hola desde Fedora"; sleep infinity'

#!/bin/sh
# Named mi-fedora instead of mifedora.
docker run -d --init --name mi-fedora fedora:40 bash -c 'echo "Hola desde Fedora"; sleep infinity'

#!/bin/sh
# No tag means latest.
docker run -d --init --name mifedora fedora bash -c 'echo "Hola desde Fedora"; sleep infinity'

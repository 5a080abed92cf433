#!/bin/sh
# Another distribution: everything else right, and even the message says Fedora.
docker run -d --init --name mifedora debian:12 bash -c 'echo "Hola desde Fedora"; sleep infinity'

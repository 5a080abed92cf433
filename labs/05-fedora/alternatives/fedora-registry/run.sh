#!/bin/sh
# Fedora's own registry, as Fedora's documentation spells the image.
docker run -d --init --name mifedora registry.fedoraproject.org/fedora:40 bash -c 'echo "Hola desde Fedora"; sleep infinity'

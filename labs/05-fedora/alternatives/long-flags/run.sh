#!/bin/sh
# Long options, the image by its full name.
docker run --detach --interactive --tty --init --name mifedora docker.io/library/fedora:40 /bin/bash -c 'echo "Hola desde Fedora"; exec bash'

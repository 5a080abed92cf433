#!/bin/sh
# Another pinned release; sleep infinity straight after the message.
docker run -d --init --name mifedora fedora:41 sh -c 'echo "¡Hola desde Fedora!" && exec sleep infinity'

#!/bin/sh
# -i without -t: bash waits on its open stdin; the message goes to stderr.
docker run -d -i --name mifedora fedora:40 bash -c 'echo "Hola desde Fedora" >&2; exec bash'

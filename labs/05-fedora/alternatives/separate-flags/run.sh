#!/bin/sh
# -i -t apart, the message printed before bash takes the terminal.
docker run -d -i -t --name mifedora fedora:40 bash -c 'echo "Hola desde Fedora"; exec bash'

#!/bin/sh
# -d without -it: bash has no terminal and no input, reads end-of-input and exits at once.
docker run -d --name mifedora fedora:40

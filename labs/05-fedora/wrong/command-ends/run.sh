#!/bin/sh
# PID 1 prints the message, and its work is done: it ends, and the container with it.
docker run -d --init --name mifedora fedora:40 echo "Hola desde Fedora"

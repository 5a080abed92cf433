#!/bin/sh
# Lab 5 reference solution, as a student would type it: PID 1 prints the message and stays in the
# foreground; --init makes docker-init PID 1, which passes docker stop's SIGTERM on to bash.
docker run -d --init --name mifedora fedora:40 bash -c 'echo "Hola desde Fedora"; sleep infinity'

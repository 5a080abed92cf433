#!/bin/sh
# The last command sent to the background with &: bash, PID 1, ends right after starting it.
docker run -d --init --name mifedora fedora:40 bash -c 'echo "Hola desde Fedora"; sleep infinity &'

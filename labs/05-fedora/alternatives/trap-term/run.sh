#!/bin/sh
# No --init: PID 1 handles SIGTERM itself. The sleep runs in the background but bash waits for
# it in the foreground, so bash can run its trap as soon as SIGTERM arrives.
docker run -d --name mifedora fedora:40 bash -c 'trap "exit 0" TERM; echo "Hola desde Fedora"; sleep infinity & wait'

#!/bin/sh
# The course's way: bash on a terminal (-dit). The student attaches, types the echo and leaves
# with Ctrl-P Ctrl-Q, which detaches without stopping it. An interactive bash ignores SIGTERM
# (even under --init) but ends on SIGHUP, as when its terminal closes: --stop-signal SIGHUP.
docker run -dit --stop-signal SIGHUP --name mifedora fedora:40
# docker attach needs a terminal: script(1) gives it one, fed what the student types.
{ sleep 1; printf 'echo "Hola desde Fedora"\r'; sleep 1; printf '\020\021'; sleep 1; } | script -qfec "docker attach mifedora" /dev/null >/dev/null 2>&1 || true

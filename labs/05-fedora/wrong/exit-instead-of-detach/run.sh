#!/bin/sh
# -dit and the echo typed in docker attach, but then exit instead of Ctrl-P Ctrl-Q: bash, PID 1, ends.
docker run -dit --name mifedora fedora:40
{ sleep 1; printf 'echo "Hola desde Fedora"\r'; sleep 1; printf 'exit\r'; sleep 1; } | script -qfec "docker attach mifedora" /dev/null >/dev/null 2>&1 || true

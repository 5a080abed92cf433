#!/bin/sh
# -dit and attached, but another message typed: the log has it, not the one asked for.
docker run -dit --stop-signal SIGHUP --name mifedora fedora:40
{ sleep 1; printf 'echo "Hello from Fedora"\r'; sleep 1; printf '\020\021'; sleep 1; } | script -qfec "docker attach mifedora" /dev/null >/dev/null 2>&1 || true

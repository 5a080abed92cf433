#!/bin/sh
# Start-up work, then exec: the app replaces this shell as PID 1.
set -e
echo "arrancando el clasificador"
exec "$@"

#!/bin/sh
# No PYTHONUNBUFFERED: print() fills a buffer that docker logs never sees (stdout is a pipe, not a terminal).
set -e
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/../../app/app.py" "$here/../../app/requirements.txt" "$here/Dockerfile" .

docker build -t clasificador:1.0 .
docker run -d --name miclasificador -p 5000:5000 clasificador:1.0

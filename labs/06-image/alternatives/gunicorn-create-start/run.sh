#!/bin/sh
# gunicorn instead of Flask's own server, a pre-release tag, docker create + docker start.
set -e
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/../../app/app.py" "$here/../../app/requirements.txt" "$here/Dockerfile" .

docker build -t clasificador:1.0.0-rc1 .
docker create --name miclasificador -p 5000:5000 clasificador:1.0.0-rc1
docker start miclasificador

#!/bin/sh
# Built and run without a version: the image is clasificador:latest.
set -e
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/../../app/app.py" "$here/../../app/requirements.txt" "$here/../../solution/Dockerfile" .

docker build -t clasificador .
docker run -d --name miclasificador -p 5000:5000 clasificador

#!/bin/sh
# The Dockerfile never installs requirements.txt: Flask is missing and the app exits at once.
set -e
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/../../app/app.py" "$here/../../app/requirements.txt" "$here/Dockerfile" .

docker build -t clasificador:1.0 .
docker run -d --name miclasificador -p 5000:5000 clasificador:1.0
# lab check, a moment later
sleep 2

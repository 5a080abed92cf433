#!/bin/sh
# The image has Flask but not the app: the source folder is mounted over /app instead.
set -e
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/../../app/app.py" "$here/../../app/requirements.txt" "$here/Dockerfile" .

chmod -R a+rX .
docker build -t clasificador:1.0 .
docker run -d --name miclasificador -p 5000:5000 -v "$PWD:/app" clasificador:1.0

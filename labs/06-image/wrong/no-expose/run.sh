#!/bin/sh
# No EXPOSE in the Dockerfile; -p publishes the port all the same.
set -e
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/../../app/app.py" "$here/../../app/requirements.txt" "$here/Dockerfile" .

docker build -t clasificador:1.0 .
docker run -d --name miclasificador -p 5000:5000 clasificador:1.0

#!/bin/sh
# No -p: the app listens inside the container, and nothing on the host reaches it.
set -e
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/../../app/app.py" "$here/../../app/requirements.txt" "$here/../../solution/Dockerfile" .

docker build -t clasificador:1.0 .
docker run -d --name miclasificador clasificador:1.0

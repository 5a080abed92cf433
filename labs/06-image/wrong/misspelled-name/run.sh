#!/bin/sh
# Named miclasificado instead of miclasificador.
set -e
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/../../app/app.py" "$here/../../app/requirements.txt" "$here/../../solution/Dockerfile" .

docker build -t clasificador:1.0 .
docker run -d --name miclasificado -p 5000:5000 clasificador:1.0

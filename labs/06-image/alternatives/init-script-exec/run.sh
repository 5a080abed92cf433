#!/bin/sh
# An entrypoint script that ends in exec, under docker run --init (tini as PID 1 forwards SIGTERM);
# a user's namespace in the image name and an exec-form HEALTHCHECK.
set -e
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/../../app/app.py" "$here/../../app/requirements.txt" "$here/Dockerfile" "$here/entrypoint.sh" .

docker build -t alumno/clasificador:1.0 .
docker run -d --init --name miclasificador -p 5000:5000 alumno/clasificador:1.0

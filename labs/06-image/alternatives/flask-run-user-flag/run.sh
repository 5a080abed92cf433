#!/bin/sh
# `flask run` in exec form; no USER in the image, the user given at run time (--user), and so is
# PYTHONUNBUFFERED (-e); a date as the version; the port on 0.0.0.0 written out.
set -e
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/../../app/app.py" "$here/../../app/requirements.txt" "$here/Dockerfile" .

docker build -t clasificador:2026.12 .
docker run -d --name miclasificador --user 10001:10001 -e PYTHONUNBUFFERED=1 -p 0.0.0.0:5000:5000 clasificador:2026.12

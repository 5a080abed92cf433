#!/bin/sh
# ENTRYPOINT + CMD in exec form, `python -u` instead of PYTHONUNBUFFERED, USER by uid, no HEALTHCHECK,
# COPY . ., a v-prefixed semantic version, and long flags.
set -e
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/../../app/app.py" "$here/../../app/requirements.txt" "$here/Dockerfile" .

docker build --tag clasificador:v1.0.0 --file Dockerfile .
docker run --detach --name=miclasificador --publish 5000:5000 clasificador:v1.0.0

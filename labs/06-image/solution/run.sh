#!/bin/sh
# Lab 6 reference solution. The student works in the lab's app/ folder with this Dockerfile in it;
# the test runs this script in an empty folder, so it first lays that folder out.
set -e
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/../app/app.py" "$here/../app/requirements.txt" "$here/Dockerfile" .

docker build -t clasificador:1.0 .
docker run -d --name miclasificador -p 5000:5000 clasificador:1.0

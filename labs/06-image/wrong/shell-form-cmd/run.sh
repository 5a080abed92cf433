#!/bin/sh
# CMD in shell form: Docker runs /bin/sh -c "python app.py", and the shell is PID 1.
set -e
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/../../app/app.py" "$here/../../app/requirements.txt" "$here/Dockerfile" .

docker build -t clasificador:1.0 .
docker run -d --name miclasificador -p 5000:5000 clasificador:1.0

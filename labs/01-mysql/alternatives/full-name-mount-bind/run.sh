#!/bin/sh
# The image's full name on Docker Hub, and --mount instead of -v (the folder must exist for a bind).
mkdir -p mysql-data
docker run -d --name mimysql -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password --publish 3306:3306 --mount type=bind,source="$PWD/mysql-data",target=/var/lib/mysql/ docker.io/library/mysql:5.7

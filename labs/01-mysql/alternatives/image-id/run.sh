#!/bin/sh
# By image ID (as docker image ls shows it, full), a named volume with --volume and a trailing slash.
docker run -d --name mimysql -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -p 0.0.0.0:3306:3306 --volume mimysql-datos:/var/lib/mysql/ "$(docker image inspect -f '{{.Id}}' mysql:5.7)"

#!/bin/sh
# By short image ID, published on IPv6 only ([::], every interface), a bind mount with trailing slashes.
docker run -d --name mimysql -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -p '[::]:3306:3306' -v "$PWD/mysql-data/:/var/lib/mysql/" "$(docker image inspect -f '{{.Id}}' mysql:5.7 | cut -c8-19)"

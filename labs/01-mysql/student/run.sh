#!/bin/sh
# Lab 1 reference solution, as a student would type it (run from any folder).
docker run -d --name mimysql \
  -e MYSQL_ROOT_PASSWORD=${password} \
  -e MYSQL_DATABASE=${db_name} \
  -e MYSQL_USER=usuario \
  -e MYSQL_PASSWORD=${password} \
  -p ${host_port}:3306 \
  -v "$PWD/mysql-data:/var/lib/mysql" \
  mysql:5.7

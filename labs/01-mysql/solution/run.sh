#!/bin/sh
# Lab 1 reference solution, as a student would type it (run from any folder).
# ${password}, ${db_name}, ${host_port}: the student's values (lab show 1 --student ID); lab selftest
# and the tests render them (the course's values without a course secret).
docker run -d --name mimysql \
  -e MYSQL_ROOT_PASSWORD=${password} \
  -e MYSQL_DATABASE=${db_name} \
  -e MYSQL_USER=usuario \
  -e MYSQL_PASSWORD=${password} \
  -p ${host_port}:3306 \
  -v "$PWD/mysql-data:/var/lib/mysql" \
  mysql:5.7

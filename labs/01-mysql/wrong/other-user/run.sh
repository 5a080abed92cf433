#!/bin/sh
docker run -d --name mimysql -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=alumno -e MYSQL_PASSWORD=password -p 3306:3306 -v "$PWD/mysql-data:/var/lib/mysql" mysql:5.7

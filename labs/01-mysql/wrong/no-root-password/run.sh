#!/bin/sh
docker run -d --name mimysql -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -p 3306:3306 -v "$PWD/mysql-data:/var/lib/mysql" mysql:5.7
# (the student looks at it a few seconds later, once it has given up)
sleep 3

#!/bin/sh
# MariaDB instead of MySQL (it honours the same MYSQL_* variables). Offline, a local tag of the stand-in plays it.
docker tag mysql:5.7 mariadb:10.6
docker run -d --name mimysql -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -p 3306:3306 -v "$PWD/mysql-data:/var/lib/mysql" mariadb:10.6

#!/bin/sh
# A registry's own "mysql", not a copy of the official image (that would be <registry>/library/mysql).
# Offline, a local tag of the stand-in plays it.
docker tag mysql:5.7 evil.example/mysql:5.7
docker run -d --name mimysql -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -p 3306:3306 -v "$PWD/mysql-data:/var/lib/mysql" evil.example/mysql:5.7

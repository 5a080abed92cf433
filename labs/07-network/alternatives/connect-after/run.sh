#!/bin/sh
# Both created on the default bridge, then connected to mired with docker network connect
# (and left on the default bridge as well); the host written midb:3306.
docker network create mired
docker run -d --name midb -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -v midb-datos:/var/lib/mysql mysql:5.7
docker network connect mired midb
docker run -d --name miweb -e WORDPRESS_DB_HOST=midb:3306 -e WORDPRESS_DB_NAME=curso -e WORDPRESS_DB_USER=usuario -e WORDPRESS_DB_PASSWORD=password -p 8082:80 -v "$PWD/miweb-html:/var/www/html" wordpress:6.1-apache
docker network connect mired miweb

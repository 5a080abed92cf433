#!/bin/sh
# The database published on the host as well (-p 3306:3306), which nothing needs.
docker network create mired
docker run -d --name midb --network mired -p 3306:3306 -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -v midb-datos:/var/lib/mysql mysql:5.7
docker run -d --name miweb --network mired -e WORDPRESS_DB_HOST=midb -e WORDPRESS_DB_NAME=curso -e WORDPRESS_DB_USER=usuario -e WORDPRESS_DB_PASSWORD=password -p 8082:80 -v "$PWD/miweb-html:/var/www/html" wordpress:6.1-apache

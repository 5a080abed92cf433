#!/bin/sh
# midb's IP address on mired instead of its name: it works until midb restarts with another one.
docker network create mired
docker run -d --name midb --network mired -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -v midb-datos:/var/lib/mysql mysql:5.7
DB_IP=$(docker inspect -f '{{(index .NetworkSettings.Networks "mired").IPAddress}}' midb)
docker run -d --name miweb --network mired -e WORDPRESS_DB_HOST="$DB_IP:3306" -e WORDPRESS_DB_NAME=curso -e WORDPRESS_DB_USER=usuario -e WORDPRESS_DB_PASSWORD=password -p 8082:80 -v "$PWD/miweb-html:/var/www/html" wordpress:6.1-apache

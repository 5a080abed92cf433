#!/bin/sh
# The old way: both on the default bridge, and --link writes midb into miweb's /etc/hosts.
docker run -d --name midb -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -v midb-datos:/var/lib/mysql mysql:5.7
docker run -d --name miweb --link midb -e WORDPRESS_DB_HOST=midb -e WORDPRESS_DB_NAME=curso -e WORDPRESS_DB_USER=usuario -e WORDPRESS_DB_PASSWORD=password -p 8082:80 -v "$PWD/miweb-html:/var/www/html" wordpress:6.1-apache

#!/bin/sh
# No network of their own: both on the default bridge, where midb does not resolve.
docker run -d --name midb -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -v midb-datos:/var/lib/mysql mysql:5.7
docker run -d --name miweb -e WORDPRESS_DB_HOST=midb -e WORDPRESS_DB_NAME=curso -e WORDPRESS_DB_USER=usuario -e WORDPRESS_DB_PASSWORD=password -p 8082:80 -v "$PWD/miweb-html:/var/www/html" wordpress:6.1-apache

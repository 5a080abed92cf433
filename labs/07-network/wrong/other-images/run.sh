#!/bin/sh
# MariaDB instead of MySQL, and nginx instead of WordPress. Offline, a local tag of the
# MySQL stand-in plays mariadb:10.6.
docker tag mysql:5.7 mariadb:10.6
docker network create mired
docker run -d --name midb --network mired -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -v midb-datos:/var/lib/mysql mariadb:10.6
docker run -d --name miweb --network mired -e WORDPRESS_DB_HOST=midb -e WORDPRESS_DB_NAME=curso -e WORDPRESS_DB_USER=usuario -e WORDPRESS_DB_PASSWORD=password -p 8082:80 -v "$PWD/miweb-html:/var/www/html" nginx:1.22

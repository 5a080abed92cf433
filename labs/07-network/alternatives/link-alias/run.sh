#!/bin/sh
# On mired, WordPress names the database through a --link alias of its own: on a
# user-defined network the embedded DNS answers it, for miweb only. Another pinned MySQL tag.
docker network create mired
docker run -d --name midb --network mired -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -v midb-datos:/var/lib/mysql mysql:5.7.44
docker run -d --name miweb --network mired --link midb:basedatos -e WORDPRESS_DB_HOST=basedatos -e WORDPRESS_DB_NAME=curso -e WORDPRESS_DB_USER=usuario -e WORDPRESS_DB_PASSWORD=password -p 8082:80 -v "$PWD/miweb-html:/var/www/html" wordpress:6.1-apache

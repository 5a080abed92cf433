#!/bin/sh
# Someone's own wordpress on Docker Hub, not the official one. Offline, a local tag of the stand-in plays it.
docker tag wordpress:6.1-apache someuser/wordpress:6.1-apache
docker run -d --name miwp --add-host host.docker.internal:host-gateway -e WORDPRESS_DB_HOST=host.docker.internal:3306 -e WORDPRESS_DB_NAME=curso -e WORDPRESS_DB_USER=usuario -e WORDPRESS_DB_PASSWORD=password -p 8081:80 -v "$PWD/wp-html:/var/www/html" someuser/wordpress:6.1-apache

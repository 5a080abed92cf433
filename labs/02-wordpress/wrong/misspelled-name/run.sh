#!/bin/sh
docker run -d --name mywp --add-host host.docker.internal:host-gateway -e WORDPRESS_DB_HOST=host.docker.internal:3306 -e WORDPRESS_DB_NAME=curso -e WORDPRESS_DB_USER=usuario -e WORDPRESS_DB_PASSWORD=password -p 8081:80 -v "$PWD/wp-html:/var/www/html" wordpress:6.1-apache

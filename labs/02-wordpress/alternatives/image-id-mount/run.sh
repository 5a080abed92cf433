#!/bin/sh
# By image ID, with a bind --mount (the folder must exist) and --publish.
mkdir -p wp-html
docker run -d --name miwp --add-host host.docker.internal:host-gateway -e WORDPRESS_DB_HOST=host.docker.internal:3306 -e WORDPRESS_DB_NAME=curso -e WORDPRESS_DB_USER=usuario -e WORDPRESS_DB_PASSWORD=password --publish 8081:80 --mount type=bind,src="$PWD/wp-html",dst=/var/www/html "$(docker image inspect -f '{{.Id}}' wordpress:6.1-apache)"

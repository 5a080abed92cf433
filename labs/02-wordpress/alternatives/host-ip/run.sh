#!/bin/sh
# The host's own address (here the docker0 gateway) instead of a host name.
HOST_IP=$(docker network inspect bridge -f "{{(index .IPAM.Config 0).Gateway}}")
docker run -d --name miwp -e WORDPRESS_DB_HOST="$HOST_IP:3306" -e WORDPRESS_DB_NAME=curso -e WORDPRESS_DB_USER=usuario -e WORDPRESS_DB_PASSWORD=password -p 8081:80 -v "$PWD/wp-html:/var/www/html" wordpress:6.1-apache

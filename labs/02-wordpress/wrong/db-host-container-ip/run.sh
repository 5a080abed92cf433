#!/bin/sh
MYSQL_IP=$(docker inspect -f '{{.NetworkSettings.IPAddress}}' mimysql)
docker run -d --name miwp -e WORDPRESS_DB_HOST="$MYSQL_IP:3306" -e WORDPRESS_DB_NAME=curso -e WORDPRESS_DB_USER=usuario -e WORDPRESS_DB_PASSWORD=password -p 8081:80 -v "$PWD/wp-html:/var/www/html" wordpress:6.1-apache

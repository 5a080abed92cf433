#!/bin/sh
# Lab 7 reference solution: a user-defined bridge network; WordPress finds the database by its
# name through the network's DNS; only WordPress is published.
docker network create mired
docker run -d --name midb --network mired \
  -e MYSQL_ROOT_PASSWORD=password \
  -e MYSQL_DATABASE=curso \
  -e MYSQL_USER=usuario \
  -e MYSQL_PASSWORD=password \
  -v "$PWD/midb-data:/var/lib/mysql" \
  mysql:5.7
docker run -d --name miweb --network mired \
  -e WORDPRESS_DB_HOST=midb \
  -e WORDPRESS_DB_NAME=curso \
  -e WORDPRESS_DB_USER=usuario \
  -e WORDPRESS_DB_PASSWORD=password \
  -p 8082:80 \
  -v "$PWD/miweb-html:/var/www/html" \
  wordpress:6.1-apache

#!/bin/sh
# docker create + docker start, --net=, --name=, long flags, an explicit bridge driver, WordPress's
# variables from an --env-file, a bind mount for the database and images by their full names.
docker network create --driver bridge mired
mkdir -p midb-data
docker create --name=midb --net=mired --env MYSQL_ROOT_PASSWORD=password --env MYSQL_DATABASE=curso --env MYSQL_USER=usuario --env MYSQL_PASSWORD=password --volume "$PWD/midb-data:/var/lib/mysql" docker.io/library/mysql:5.7
cat > miweb.env <<'ENV'
WORDPRESS_DB_HOST=midb
WORDPRESS_DB_NAME=curso
WORDPRESS_DB_USER=usuario
WORDPRESS_DB_PASSWORD=password
ENV
docker create --name=miweb --net=mired --env-file miweb.env --publish 8082:80 --mount type=volume,source=miweb-html,target=/var/www/html docker.io/library/wordpress:6.1.1-apache
docker start midb
docker start miweb

#!/bin/sh
# The official image from a registry mirror, a named volume with --mount, and two published
# ports: 3306, which the lab asks for, after 3307. Offline, a local tag plays the mirror's copy.
docker tag mysql:5.7 mirror.gcr.io/library/mysql:5.7
docker run -d --name mimysql -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -p 3307:3306 -p 3306:3306 --mount type=volume,src=mimysql-datos,dst=/var/lib/mysql mirror.gcr.io/library/mysql:5.7

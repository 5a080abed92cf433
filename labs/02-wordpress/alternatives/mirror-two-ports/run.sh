#!/bin/sh
# The official image from a private registry's copy, published on 8080 and on 8081 (the one
# the lab asks for), and a named volume with --mount. Offline, a local tag plays the copy.
docker tag wordpress:6.1-apache registry.example:5000/library/wordpress:6.1-apache
docker run -d --name miwp --add-host host.docker.internal:host-gateway -e WORDPRESS_DB_HOST=host.docker.internal:3306 -e WORDPRESS_DB_NAME=curso -e WORDPRESS_DB_USER=usuario -e WORDPRESS_DB_PASSWORD=password -p 8080:80 -p 8081:80 --mount type=volume,source=miwp-html,target=/var/www/html/ registry.example:5000/library/wordpress:6.1-apache

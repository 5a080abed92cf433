#!/bin/sh
# The host's own address (here docker0's; on a laptop, its LAN IP) instead of a host name.
HOST_IP=$(ip -4 -o addr show docker0 | awk '{print $4}' | cut -d/ -f1)
[ -n "$HOST_IP" ] || { echo "no docker0 address" >&2; exit 1; }
docker run -d --name miwp -e WORDPRESS_DB_HOST="$HOST_IP:3306" -e WORDPRESS_DB_NAME=curso -e WORDPRESS_DB_USER=usuario -e WORDPRESS_DB_PASSWORD=password -p 8081:80 -v "$PWD/wp-html:/var/www/html" wordpress:6.1-apache

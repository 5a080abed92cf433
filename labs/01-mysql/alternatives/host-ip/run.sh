#!/bin/sh
# Published on one specific address of the host (here docker0's; on a laptop, its LAN IP) instead of all interfaces.
HOST_IP=$(ip -4 -o addr show docker0 | awk '{print $4}' | cut -d/ -f1)
[ -n "$HOST_IP" ] || { echo "no docker0 address" >&2; exit 1; }
docker run -d --name mimysql -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -p "$HOST_IP:3306:3306" -v "$PWD/mysql-data:/var/lib/mysql" mysql:5.7

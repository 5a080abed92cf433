#!/bin/sh
# Published on one specific address of the host (here the docker0 gateway) instead of all interfaces.
HOST_IP=$(docker network inspect bridge -f "{{(index .IPAM.Config 0).Gateway}}")
docker run -d --name mimysql -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -p "$HOST_IP:3306:3306" -v "$PWD/mysql-data:/var/lib/mysql" mysql:5.7

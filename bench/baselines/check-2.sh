#!/bin/sh
# Lab 2 verified the way lab platforms' verify scripts do it: one `docker inspect -f` per fact,
# then curl against the published port. Exit 0 when everything holds, 1 at the first miss.
c=miwp
fail() { echo "FAIL: $*"; exit 1; }
get() { docker inspect -f "$1" "$c" 2>/dev/null; }

docker inspect "$c" >/dev/null 2>&1 || fail "container $c does not exist"
[ "$(get '{{.State.Running}}')" = true ] || fail "$c is not running"
image=$(get '{{.Config.Image}}')
case $image in
  wordpress | wordpress:latest) fail "image $image does not pin a version" ;;
  wordpress:* | */wordpress:*) ;;
  *) fail "image $image is not wordpress" ;;
esac
env=$(get '{{range .Config.Env}}{{println .}}{{end}}')
for kv in WORDPRESS_DB_NAME=curso WORDPRESS_DB_USER=usuario WORDPRESS_DB_PASSWORD=password; do
  printf '%s\n' "$env" | grep -qxF "$kv" || fail "env ${kv%%=*} is not ${kv#*=}"
done
# The database must be reached through the host: not localhost, not mimysql's own container address.
dbhost=$(printf '%s\n' "$env" | sed -n 's/^WORDPRESS_DB_HOST=//p')
mysql_ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' mimysql 2>/dev/null)
case $dbhost in
  localhost* | 127.* | mimysql* | "$mysql_ip" | "$mysql_ip":*) fail "WORDPRESS_DB_HOST=$dbhost does not go through the host" ;;
  *:3306 | [!:]*[!:]) ;;
  *) fail "WORDPRESS_DB_HOST=$dbhost does not name port 3306" ;;
esac
bindings=$(get '{{range (index .HostConfig.PortBindings "80/tcp")}}{{.HostIp}}:{{.HostPort}} {{end}}')
printf '%s\n' $bindings | grep -Eq ':8081$' || fail "80/tcp is not published on host port 8081: $bindings"
mount=$(get '{{range .Mounts}}{{if eq .Destination "/var/www/html"}}{{.Type}} {{.Name}}{{end}}{{end}}')
case $mount in
  bind*) ;;
  volume*) printf '%s\n' "${mount#volume }" | grep -Eqx '[0-9a-f]{64}' && fail "/var/www/html is on an anonymous volume" ;;
  *) fail "/var/www/html is not on the host" ;;
esac
body=$(mktemp)
trap 'rm -f "$body"' EXIT
code=$(curl -s -o "$body" -w '%{http_code}' --max-time 10 http://127.0.0.1:8081/)
case $code in 200 | 301 | 302) ;; *) fail "http://127.0.0.1:8081/ answered $code" ;; esac
grep -q 'Error establishing a database connection' "$body" && fail "WordPress cannot reach the database"
echo "OK: lab 2"

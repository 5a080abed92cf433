#!/bin/sh
# Lab 7 verified the way lab platforms' verify scripts do it: one `docker inspect -f` per fact,
# then curl against WordPress's published port. Exit 0 when everything holds, 1 at the first miss.
net=mired db=midb web=miweb
fail() { echo "FAIL: $*"; exit 1; }
get() { docker inspect -f "$2" "$1" 2>/dev/null; }

[ "$(docker network inspect -f '{{.Driver}}' "$net" 2>/dev/null)" = bridge ] || fail "no bridge network $net"
for c in "$db" "$web"; do
  docker inspect "$c" >/dev/null 2>&1 || fail "container $c does not exist"
  [ "$(get "$c" '{{.State.Running}}')" = true ] || fail "$c is not running"
  get "$c" '{{range $k, $v := .NetworkSettings.Networks}}{{println $k}}{{end}}' | grep -qx "$net" || fail "$c is not on $net"
done
image=$(get "$db" '{{.Config.Image}}')
case $image in
  mysql | mysql:latest) fail "image $image does not pin a version" ;;
  mysql:* | */mysql:*) ;;
  *) fail "image $image is not mysql" ;;
esac
image=$(get "$web" '{{.Config.Image}}')
case $image in
  wordpress | wordpress:latest) fail "image $image does not pin a version" ;;
  wordpress:* | */wordpress:*) ;;
  *) fail "image $image is not wordpress" ;;
esac
env=$(get "$db" '{{range .Config.Env}}{{println .}}{{end}}')
for kv in MYSQL_DATABASE=curso MYSQL_USER=usuario MYSQL_ROOT_PASSWORD=password MYSQL_PASSWORD=password; do
  printf '%s\n' "$env" | grep -qxF "$kv" || fail "$db: env ${kv%%=*} is not ${kv#*=}"
done
env=$(get "$web" '{{range .Config.Env}}{{println .}}{{end}}')
for kv in WORDPRESS_DB_NAME=curso WORDPRESS_DB_USER=usuario WORDPRESS_DB_PASSWORD=password; do
  printf '%s\n' "$env" | grep -qxF "$kv" || fail "$web: env ${kv%%=*} is not ${kv#*=}"
done
# The database host must be midb's name or one of its aliases on the network, never an address.
dbhost=$(printf '%s\n' "$env" | sed -n 's/^WORDPRESS_DB_HOST=//p')
names=$(get "$db" "{{\$n := index .NetworkSettings.Networks \"$net\"}}{{range \$n.Aliases}}{{println .}}{{end}}")
printf '%s\n%s\n' "$db" "$names" | grep -qxF "${dbhost%:3306}" || fail "WORDPRESS_DB_HOST=$dbhost does not name $db on $net"
[ -z "$(get "$db" '{{range $p, $b := .NetworkSettings.Ports}}{{if $b}}{{$p}} {{end}}{{end}}')" ] || fail "$db publishes a port"
[ "$(get "$db" '{{.HostConfig.PublishAllPorts}}')" = false ] || fail "$db publishes every port (-P)"
bindings=$(get "$web" '{{range (index .HostConfig.PortBindings "80/tcp")}}{{.HostIp}}:{{.HostPort}} {{end}}')
printf '%s\n' $bindings | grep -Eq ':8082$' || fail "80/tcp is not published on host port 8082: $bindings"
for cp in "$db:/var/lib/mysql" "$web:/var/www/html"; do
  c=${cp%%:*} path=${cp#*:}
  mount=$(get "$c" "{{range .Mounts}}{{if eq .Destination \"$path\"}}{{.Type}} {{.Name}}{{end}}{{end}}")
  case $mount in
    bind*) ;;
    volume*) printf '%s\n' "${mount#volume }" | grep -Eqx '[0-9a-f]{64}' && fail "$path is on an anonymous volume" ;;
    *) fail "$path of $c is not on the host" ;;
  esac
done
body=$(mktemp)
trap 'rm -f "$body"' EXIT
code=$(curl -s -o "$body" -w '%{http_code}' --max-time 10 http://127.0.0.1:8082/)
case $code in 200 | 301 | 302) ;; *) fail "http://127.0.0.1:8082/ answered $code" ;; esac
grep -q 'Error establishing a database connection' "$body" && fail "WordPress cannot reach the database"
echo "OK: lab 7"

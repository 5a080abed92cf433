#!/bin/sh
# Lab 1 verified the way lab platforms' verify scripts do it: one `docker inspect -f` per fact,
# then a real login with the mysql client. Exit 0 when everything holds, 1 at the first miss.
c=mimysql
fail() { echo "FAIL: $*"; exit 1; }
get() { docker inspect -f "$1" "$c" 2>/dev/null; }

docker inspect "$c" >/dev/null 2>&1 || fail "container $c does not exist"
[ "$(get '{{.State.Running}}')" = true ] || fail "$c is not running"
image=$(get '{{.Config.Image}}')
case $image in
  mysql | mysql:latest) fail "image $image does not pin a version" ;;
  mysql:* | */mysql:*) ;;
  *) fail "image $image is not mysql" ;;
esac
env=$(get '{{range .Config.Env}}{{println .}}{{end}}')
for kv in MYSQL_DATABASE=curso MYSQL_USER=usuario MYSQL_ROOT_PASSWORD=password MYSQL_PASSWORD=password; do
  printf '%s\n' "$env" | grep -qxF "$kv" || fail "env ${kv%%=*} is not ${kv#*=}"
done
bindings=$(get '{{range (index .HostConfig.PortBindings "3306/tcp")}}{{.HostIp}}:{{.HostPort}} {{end}}')
printf '%s\n' $bindings | grep -Eqx '(|0\.0\.0\.0|::|[0-9.]+):3306' || fail "3306/tcp is not published on host port 3306: $bindings"
printf '%s\n' $bindings | grep -Eq '^127\.' && fail "3306/tcp is published on loopback only"
mount=$(get '{{range .Mounts}}{{if eq .Destination "/var/lib/mysql"}}{{.Type}} {{.Name}}{{end}}{{end}}')
case $mount in
  bind*) ;;
  volume*) printf '%s\n' "${mount#volume }" | grep -Eqx '[0-9a-f]{64}' && fail "/var/lib/mysql is on an anonymous volume" ;;
  *) fail "/var/lib/mysql is not on the host" ;;
esac
mysql -h127.0.0.1 -P3306 -uusuario -ppassword -N -e 'show databases' 2>/dev/null | grep -qx curso || fail "usuario cannot log in and see curso"
mysql -h127.0.0.1 -P3306 -uroot -ppassword -N -e 'select 1' >/dev/null 2>&1 || fail "root cannot log in"
echo "OK: lab 1"

#!/bin/sh
# Lab 5 verified the way lab platforms' verify scripts do it: one `docker inspect -f` per fact,
# `docker top`, the os-release copied out with `docker cp`, and `docker logs` through grep.
# Exit 0 when everything holds, 1 at the first miss.
c=mifedora
fail() { echo "FAIL: $*"; exit 1; }
get() { docker inspect -f "$1" "$c" 2>/dev/null; }

docker inspect "$c" >/dev/null 2>&1 || fail "container $c does not exist"
[ "$(get '{{.State.Running}}')" = true ] || fail "$c is not running"
image=$(get '{{.Config.Image}}')
case $image in
  fedora | fedora:latest | */fedora | */fedora:latest) fail "image $image does not pin a version" ;;
  fedora:* | */fedora:*) ;;
  *) fail "image $image is not fedora" ;;
esac
docker top "$c" >/dev/null 2>&1 || fail "$c has no PID 1"
docker cp -L "$c:/etc/os-release" - 2>/dev/null | tar -xO 2>/dev/null | grep -qx 'ID=fedora' || fail "the system inside $c is not Fedora"
docker logs "$c" 2>&1 | tr -d '\r' | grep -Eqix '[[:space:]]*¡?Hola desde Fedora[.!]?[[:space:]]*' || fail "Hola desde Fedora is not in its logs"
echo "OK: lab 5"

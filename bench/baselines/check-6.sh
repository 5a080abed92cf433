#!/bin/sh
# Lab 6 verified the way lab platforms' verify scripts do it: one `docker inspect -f` per fact,
# the image's config and history, `docker top`, curl against the published port, and `docker logs`
# through grep. Exit 0 when everything holds, 1 at the first miss.
c=miclasificador
fail() { echo "FAIL: $*"; exit 1; }
get() { docker inspect -f "$1" "$c" 2>/dev/null; }

docker inspect "$c" >/dev/null 2>&1 || fail "container $c does not exist"
[ "$(get '{{.State.Running}}')" = true ] || fail "$c is not running"
image=$(get '{{.Config.Image}}')
case ${image##*/} in
  *@sha256:*) ;;
  *:latest | *[!:]*:) fail "image $image does not pin a version" ;;
  *:*) ;;
  *) fail "image $image does not pin a version" ;;
esac
id=$(get '{{.Image}}')
docker history --no-trunc --format '{{.CreatedBy}}' "$id" | grep -Eq '(^|#\(nop\) *)(COPY|ADD) ' || fail "image $image was not built with COPY"
wd=$(get '{{.Config.WorkingDir}}')
get '{{range .Mounts}}{{println .Destination}}{{end}}' | grep -qx "${wd:-/}" && fail "the app is mounted over ${wd:-/}"
docker image inspect -f '{{range $p, $_ := .Config.ExposedPorts}}{{println $p}}{{end}}' "$id" | grep -qx '5000/tcp' || fail "image $image does not EXPOSE 5000"
bindings=$(get '{{range (index .HostConfig.PortBindings "5000/tcp")}}{{.HostIp}}:{{.HostPort}} {{end}}')
printf '%s\n' $bindings | grep -Eq ':5000$' || fail "5000/tcp is not published on host port 5000: $bindings"
top=$(docker top "$c" -o user,pid,args 2>/dev/null) || fail "$c has no processes"
printf '%s\n' "$top" | awk 'NR > 1 { print $1 }' | grep -qx root && fail "$c runs processes as root"
pid1=$(printf '%s\n' "$top" | awk -v pid="$(get '{{.State.Pid}}')" '$2 == pid { $1 = ""; $2 = ""; print }')
case $pid1 in *sh\ -c*) fail "PID 1 is a shell:$pid1" ;; esac
health=$(get '{{if .State.Health}}{{.State.Health.Status}}{{end}}')
[ -z "$health" ] || [ "$health" = healthy ] || fail "$c is $health"
ask() {
  curl -s --max-time 10 -H 'Content-Type: application/json' -d "{\"texto\": \"$1\"}" http://127.0.0.1:5000/clasificar | grep -q "\"grupo\": *\"$2\"" ||
    fail "\"$1\" is not classified as $2"
}
ask 'No tengo conexión a internet: el wifi de la oficina se cae cada poco' redes
ask 'El portátil no enciende y la batería no carga' hardware
ask 'Mi cuenta está bloqueada y no puedo iniciar sesión con mi contraseña' cuentas
ask 'La impresora de red no imprime desde la actualización del programa' software
docker logs "$c" 2>/dev/null | grep -Eq '^clasificado grupo=[[:alnum:]_]+' || fail "the requests are not in its logs"
echo "OK: lab 6"

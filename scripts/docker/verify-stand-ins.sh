#!/usr/bin/env bash
# Manual/CI smoke test of the offline stand-in images (mysql, wordpress, nginx, fedora, python) against the real
# engine. Creates containers named lgverify-*, talks only to 127.0.0.1 and the docker0 gateway,
# and removes everything it created (also on failure).
#   bash scripts/docker/verify-stand-ins.sh            # all
#   bash scripts/docker/verify-stand-ins.sh mysql      # one or more of: mysql wordpress nginx fedora python
# Ports: LG_VERIFY_MYSQL_PORT (3306), LG_VERIFY_WP_PORT (8081), LG_VERIFY_NGINX_PORT (8080).
set -uo pipefail

MYSQL_PORT="${LG_VERIFY_MYSQL_PORT:-3306}"
WP_PORT="${LG_VERIFY_WP_PORT:-8081}"
NGINX_PORT="${LG_VERIFY_NGINX_PORT:-8080}"
# the docker0 gateway (the host as seen from containers on the default bridge)
GW="$(ip -4 -o addr show docker0 2>/dev/null | awk '{print $4; exit}' | cut -d/ -f1)"
GW="${GW:-172.17.0.1}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/lgverify.XXXXXX")"
FAILS=0

pass() { printf 'PASS  %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; FAILS=$((FAILS + 1)); }
info() { printf '      %s\n' "$*"; }

cleanup() {
  docker rm -f -v lgverify-db lgverify-db2 lgverify-noenv lgverify-rand lgverify-wp lgverify-wp2 lgverify-nginx lgverify-fedora lgverify-fedora2 lgverify-python >/dev/null 2>&1
  docker volume rm lgverify-vol >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
cleanup_containers() { docker rm -f -v "$@" >/dev/null 2>&1; }

# A MySQL client on the host when there is one, else the image's own client on the host network.
sql() { # sql user password [db] <<< "SQL"
  if command -v mariadb >/dev/null 2>&1; then
    mariadb -h127.0.0.1 -P"$MYSQL_PORT" -u"$1" -p"$2" -N -B ${3:+"$3"}
  else
    docker run --rm -i --network host --entrypoint mariadb mysql:5.7 -h127.0.0.1 -P"$MYSQL_PORT" -u"$1" -p"$2" -N -B ${3:+"$3"}
  fi
}

wait_log() { # container pattern timeout
  local i
  for ((i = 0; i < $3 * 2; i++)); do
    docker logs "$1" 2>&1 | grep -q -- "$2" && return 0
    [ "$(docker inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = true ] || { sleep 0.5; docker logs "$1" 2>&1 | grep -q -- "$2" && return 0; return 1; }
    sleep 0.5
  done
  return 1
}

start_lab_db() { # name datadir
  docker run -d --name "$1" -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso \
    -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -p "$MYSQL_PORT:3306" -v "$2:/var/lib/mysql" mysql:5.7 >/dev/null
}

verify_mysql() {
  local t0 t1 out
  mkdir -p "$WORK/mysql-data"
  t0=$(date +%s%N)
  if ! start_lab_db lgverify-db "$WORK/mysql-data"; then fail "mysql: docker run"; return; fi
  if wait_log lgverify-db 'port: 3306' 90; then
    pass "mysql: first-run init + ready in $(secs_since "$t0")s"
  else
    fail "mysql: not ready"; docker logs lgverify-db 2>&1 | tail -20; return
  fi
  docker logs lgverify-db 2>&1 | grep -q 'mysqld: ready for connections' && pass "mysql: 'ready for connections' in logs" || fail "mysql: no ready line"
  [ "$(docker exec lgverify-db cat /proc/1/comm)" = mysqld ] && pass "mysql: mysqld is PID 1" || fail "mysql: PID 1 is $(docker exec lgverify-db cat /proc/1/comm)"
  out="$(sql usuario password curso <<<"SELECT CURRENT_USER(); CREATE TABLE alumnos (id INT PRIMARY KEY, nombre VARCHAR(40)); INSERT INTO alumnos VALUES (1,'Ana'),(2,'Luis');" 2>&1)"
  [[ "$out" == "usuario@%"* ]] && pass "mysql: usuario logs in from the host (127.0.0.1:$MYSQL_PORT), owns curso" || fail "mysql: usuario login: $out"
  out="$(sql root password <<<"SELECT CURRENT_USER();" 2>&1)"
  [ "$out" = "root@%" ] && pass "mysql: root logs in remotely as root@%" || fail "mysql: root login: $out"
  out="$(sql root wrong <<<"SELECT 1;" 2>&1)"
  [[ "$out" == *"Access denied"* ]] && pass "mysql: wrong root password refused" || fail "mysql: wrong password accepted? $out"

  t0=$(date +%s%N)
  docker stop lgverify-db >/dev/null
  t1=$(secs_since "$t0")
  local code; code="$(docker inspect -f '{{.State.ExitCode}}' lgverify-db)"
  if [ "$code" = 0 ] && [ "${t1%.*}" -lt 10 ]; then
    pass "mysql: docker stop in ${t1}s, exit code 0"
  else
    fail "mysql: docker stop took ${t1}s, exit code $code"
  fi
  docker logs lgverify-db 2>&1 | grep -q 'Shutdown complete' && pass "mysql: clean shutdown logged" || fail "mysql: no clean shutdown"

  cleanup_containers lgverify-db
  start_lab_db lgverify-db2 "$WORK/mysql-data" || { fail "mysql: re-run"; return; }
  wait_log lgverify-db2 'port: 3306' 60 || { fail "mysql: re-run not ready"; return; }
  docker logs lgverify-db2 2>&1 | grep -q 'Initializing database files' && fail "mysql: re-run re-initialised the data dir" || pass "mysql: re-run reused the data dir (no init)"
  out="$(sql usuario password curso <<<"SELECT GROUP_CONCAT(nombre ORDER BY id) FROM alumnos;" 2>&1)"
  [ "$out" = "Ana,Luis" ] && pass "mysql: data survived docker rm -f + re-run with the same volume" || fail "mysql: data lost: $out"
  cleanup_containers lgverify-db2

  docker run --name lgverify-noenv mysql:5.7 >"$WORK/noenv.log" 2>&1
  code=$?
  if [ "$code" != 0 ] && grep -q 'Database is uninitialized and password option is not specified' "$WORK/noenv.log"; then
    pass "mysql: no root password option -> exit $code with the official error"
  else
    fail "mysql: no-env run exit $code"; cat "$WORK/noenv.log"
  fi
  cleanup_containers lgverify-noenv

  docker run -d --name lgverify-rand -e MYSQL_RANDOM_ROOT_PASSWORD=yes -v lgverify-vol:/var/lib/mysql mysql:latest >/dev/null
  if wait_log lgverify-rand 'port: 3306' 90; then
    local pw; pw="$(docker logs lgverify-rand 2>&1 | sed -n 's/.*GENERATED ROOT PASSWORD: //p')"
    out="$(docker exec lgverify-rand mariadb -uroot -p"$pw" -N -B -e 'SELECT 1' 2>&1)"
    [ -n "$pw" ] && [ "$out" = 1 ] && pass "mysql: MYSQL_RANDOM_ROOT_PASSWORD prints a working GENERATED ROOT PASSWORD (named volume)" || fail "mysql: random password: $out"
  else
    fail "mysql: random-password container not ready"
  fi
  cleanup_containers lgverify-rand
}

secs_since() { local ms=$(( ($(date +%s%N) - $1) / 1000000 )); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }

http_head() { curl -sS -o /dev/null -D - --max-time 20 "$1" 2>&1 | tr -d '\r'; }

verify_wordpress() {
  local out code
  mkdir -p "$WORK/db" "$WORK/wp-html"
  start_lab_db lgverify-db "$WORK/db" || { fail "wordpress: db"; return; }
  wait_log lgverify-db 'port: 3306' 90 || { fail "wordpress: db not ready"; return; }
  docker run -d --name lgverify-wp -e WORDPRESS_DB_HOST="$GW:$MYSQL_PORT" -e WORDPRESS_DB_USER=usuario \
    -e WORDPRESS_DB_PASSWORD=password -e WORDPRESS_DB_NAME=curso -p "$WP_PORT:80" \
    -v "$WORK/wp-html:/var/www/html" wordpress:6.1-apache >/dev/null || { fail "wordpress: docker run"; return; }
  wait_log lgverify-wp 'resuming normal operations' 60 || { fail "wordpress: apache not up"; docker logs lgverify-wp | tail; return; }
  out="$(http_head "http://127.0.0.1:$WP_PORT/")"
  if [[ "$out" == "HTTP/1.1 302"* ]] && grep -qi '^location: .*/wp-admin/install.php' <<<"$out"; then
    pass "wordpress: GET / -> 302 $(grep -i '^location:' <<<"$out" | cut -d' ' -f2)"
  else
    fail "wordpress: GET / -> $(head -1 <<<"$out")"
    curl -sS --max-time 20 "http://127.0.0.1:$WP_PORT/" | sed -e 's/<[^>]*>//g' | grep -v '^[[:space:]]*$' | head -5 | while read -r l; do info "$l"; done
  fi
  code="$(curl -sS -o "$WORK/install.html" -w '%{http_code}' "http://127.0.0.1:$WP_PORT/wp-admin/install.php")"
  [ "$code" = 200 ] && grep -q '<title>WordPress &rsaquo; Installation</title>' "$WORK/install.html" && pass "wordpress: installer page served (200)" || fail "wordpress: install.php -> $code"
  [ "$(docker exec lgverify-wp cat /proc/1/comm)" = apache2 ] && pass "wordpress: apache2 is PID 1" || fail "wordpress: PID 1 is $(docker exec lgverify-wp cat /proc/1/comm)"
  [ -f "$WORK/wp-html/wp-config.php" ] && [ -z "$(find "$WORK/wp-html" -type l | head -1)" ] && grep -q "getenv_docker('WORDPRESS_DB_HOST'" "$WORK/wp-html/wp-config.php" \
    && pass "wordpress: bind-mounted web root filled with a symlink-free tree + env-reading wp-config.php" || fail "wordpress: web root content"
  local t0 t1
  t0=$(date +%s%N); docker stop lgverify-wp >/dev/null; t1=$(secs_since "$t0")
  code="$(docker inspect -f '{{.State.ExitCode}}' lgverify-wp)"
  [ "${t1%.*}" -lt 10 ] && pass "wordpress: docker stop in ${t1}s (exit code $code)" || fail "wordpress: docker stop took ${t1}s"
  cleanup_containers lgverify-wp

  docker run -d --name lgverify-wp2 -e WORDPRESS_DB_HOST="$GW:$MYSQL_PORT" -e WORDPRESS_DB_USER=usuario \
    -e WORDPRESS_DB_PASSWORD=wrong -e WORDPRESS_DB_NAME=curso -p "$WP_PORT:80" wordpress:6.1-apache >/dev/null
  wait_log lgverify-wp2 'resuming normal operations' 60
  code="$(curl -sS -o "$WORK/err.html" -w '%{http_code}' "http://127.0.0.1:$WP_PORT/")"
  [ "$code" = 500 ] && grep -q 'Error establishing a database connection' "$WORK/err.html" \
    && pass "wordpress: wrong DB password -> 500 'Error establishing a database connection'" || fail "wordpress: wrong password -> $code"
  cleanup_containers lgverify-wp2 lgverify-db

  docker run -d --name lgverify-wp2 -e WORDPRESS_DB_HOST="$GW:1" -e WORDPRESS_DB_USER=usuario \
    -e WORDPRESS_DB_PASSWORD=password -e WORDPRESS_DB_NAME=curso -p "$WP_PORT:80" wordpress:6.1-apache >/dev/null
  wait_log lgverify-wp2 'resuming normal operations' 60
  code="$(curl -sS -o "$WORK/err.html" -w '%{http_code}' "http://127.0.0.1:$WP_PORT/")"
  [ "$code" = 500 ] && grep -q 'Error establishing a database connection' "$WORK/err.html" \
    && pass "wordpress: unreachable DB -> 500 'Error establishing a database connection'" || fail "wordpress: unreachable DB -> $code"
  cleanup_containers lgverify-wp2
}

verify_nginx() {
  local code t0 t1
  docker run -d --name lgverify-nginx -p "$NGINX_PORT:80" nginx:1.22 >/dev/null || { fail "nginx: docker run"; return; }
  sleep 1
  code="$(curl -sS -o "$WORK/nginx.html" -w '%{http_code}' "http://127.0.0.1:$NGINX_PORT/")"
  [ "$code" = 200 ] && grep -q '<title>Welcome to nginx!</title>' "$WORK/nginx.html" && pass "nginx: welcome page on :$NGINX_PORT" || fail "nginx: GET / -> $code"
  docker logs lgverify-nginx 2>/dev/null | grep -q '"GET / HTTP/1.1" 200' && pass "nginx: access log on stdout" || fail "nginx: no access log"
  [ "$(docker exec lgverify-nginx cat /proc/1/cmdline | tr '\0' ' ')" = "nginx: master process nginx -g daemon off; " ] && pass "nginx: master is PID 1" || fail "nginx: PID 1 is $(docker exec lgverify-nginx cat /proc/1/cmdline | tr '\0' ' ')"
  t0=$(date +%s%N); docker stop lgverify-nginx >/dev/null; t1=$(secs_since "$t0")
  code="$(docker inspect -f '{{.State.ExitCode}}' lgverify-nginx)"
  [ "$code" = 0 ] && pass "nginx: docker stop in ${t1}s, exit code 0" || fail "nginx: stop exit $code"
  cleanup_containers lgverify-nginx
}

verify_fedora() {
  local code t0 t1
  [ "$(docker inspect -f '{{json .Config.Cmd}} {{json .Config.Entrypoint}}' fedora:40)" = '["/bin/bash"] null' ] \
    && pass "fedora: CMD [\"/bin/bash\"], no ENTRYPOINT" || fail "fedora: entry $(docker inspect -f '{{json .Config.Cmd}} {{json .Config.Entrypoint}}' fedora:40)"
  # What lab 5 reads: /etc/os-release, a link to /usr/lib/os-release, through the archive API.
  docker create --name lgverify-fedora fedora:40 >/dev/null || { fail "fedora: docker create"; return; }
  docker cp -L lgverify-fedora:/etc/os-release - | tar -xO | grep -qx 'ID=fedora' && pass "fedora: /etc/os-release says ID=fedora" || fail "fedora: os-release"
  docker cp lgverify-fedora:/etc/os-release - | tar -tv | grep -q -- '-> ../usr/lib/os-release' && pass "fedora: /etc/os-release links to ../usr/lib/os-release" || fail "fedora: /etc/os-release is no link"
  cleanup_containers lgverify-fedora
  # bash without -it ends at once with code 0; with -dit it waits on its terminal.
  docker run -d --name lgverify-fedora fedora:40 >/dev/null; sleep 1
  code="$(docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' lgverify-fedora)"
  [ "$code" = "exited 0" ] && pass "fedora: docker run -d (no -it) exits at once, code 0" || fail "fedora: docker run -d -> $code"
  docker run -dit --name lgverify-fedora2 fedora:40 >/dev/null; sleep 1
  [ "$(docker inspect -f '{{.State.Running}}' lgverify-fedora2)" = true ] && pass "fedora: docker run -dit keeps running" || fail "fedora: -dit stopped"
  cleanup_containers lgverify-fedora lgverify-fedora2
  docker run -d --init --name lgverify-fedora fedora:40 bash -c 'echo "Hola desde Fedora"; sleep infinity' >/dev/null; sleep 1
  docker logs lgverify-fedora 2>&1 | grep -qx 'Hola desde Fedora' && pass "fedora: PID 1's echo in docker logs" || fail "fedora: no message in logs"
  t0=$(date +%s%N); docker stop lgverify-fedora >/dev/null; t1=$(secs_since "$t0")
  code="$(docker inspect -f '{{.State.ExitCode}}' lgverify-fedora)"
  [ "$code" = 143 ] && pass "fedora: --init passes SIGTERM on: docker stop in ${t1}s, exit code 143" || fail "fedora: stop exit $code in ${t1}s"
  cleanup_containers lgverify-fedora
}

verify_python() {
  local out
  [ "$(docker inspect -f '{{json .Config.Cmd}}' python:3.11-slim)" = '["python3"]' ] && pass 'python: CMD ["python3"]' || fail "python: CMD $(docker inspect -f '{{json .Config.Cmd}}' python:3.11-slim)"
  # As in the official image: python, pip as root into the system (no EXTERNALLY-MANAGED), no curl in -slim;
  # pip from the wheelhouse: Flask installs and imports, an unknown package is not found.
  out="$(docker run --rm --name lgverify-python python:3.11-slim sh -c '
    python --version; pip --version >/dev/null && echo pip-ok
    pip install --no-cache-dir -q Flask==3.0.3 gunicorn==23.0.0 2>&1 | grep -v "as the .root. user"; python -c "import flask, gunicorn; print("import-ok")"
    pip install -q no-such-package-lgverify 2>&1 | grep -q "No matching distribution" && echo unknown-not-found
    command -v curl >/dev/null || echo no-curl' 2>&1)"
  for want in 'Python 3.11.' pip-ok import-ok unknown-not-found no-curl; do
    printf '%s\n' "$out" | grep -q "$want" && pass "python: $want" || fail "python: no $want in: $out"
  done
}

targets=("$@"); [ "${#targets[@]}" -gt 0 ] || targets=(mysql wordpress nginx fedora python)
for t in "${targets[@]}"; do "verify_$t"; done
echo "$FAILS failure(s)"
[ "$FAILS" = 0 ]

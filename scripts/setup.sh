#!/usr/bin/env bash
# lab-grader setup: idempotent, safe to run repeatedly, fast when everything is ready.
#
#   1. Node >= 22.19 (scripts/node-env.sh) + npm ci / npm install when node_modules is missing/stale
#   2. Docker engine (Debian's docker.io): installed with apt when missing, started when `docker info` fails
#   3. Offline base image lab-grader/debian:bookworm (debootstrap + docker import), built only when missing
#   4. Stand-in images from images/<name>/Dockerfile, rebuilt only when the folder's content hash changes,
#      tagged with the names listed in images/<name>/tags (the names a student would pull); a folder with
#      a wheels.txt first gets those wheels from PyPI, on the host, into its wheels/ (pip in a build
#      here reaches no index)
#   5. actionlint (scripts/actionlint.sh), for the workflow lint test, built only when missing
#   6. The other engines the tests grade on: Podman, sshd, rootless tools (scripts/engines.sh)
#   7. Debian's headless Chromium (and a font), for the class board's browser tests (lab serve)
#
# Environment knobs:
#   LAB_GRADER_SKIP_NODE=1     skip step 1
#   LAB_GRADER_SKIP_IMAGES=1   skip steps 3-4 (engine only)
#   LAB_GRADER_SKIP_ACTIONLINT=1           skip step 5
#   LAB_GRADER_SKIP_ENGINES=1              skip step 6
#   LAB_GRADER_SKIP_BROWSER=1              skip step 7
#   LAB_GRADER_ONLY_IMAGES="mysql nginx"   build only these stand-ins
#   LAB_GRADER_DOCKERD_TIMEOUT=90          seconds to wait for dockerd
#   LAB_GRADER_DEBIAN_MIRROR=http://deb.debian.org/debian
#   LAB_GRADER_REBUILD=1       rebuild the base and all stand-ins from scratch (tags move only when
#                              the new builds succeed, so running containers are not disturbed)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DOCKERD_LOG="${LAB_GRADER_DOCKERD_LOG:-/var/log/lab-grader-dockerd.log}"
DOCKERD_TIMEOUT="${LAB_GRADER_DOCKERD_TIMEOUT:-90}"
MIRROR="${LAB_GRADER_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
BASE_IMAGE="lab-grader/debian:bookworm"
# Bump when the base recipe below changes: forces a re-bootstrap (and thus rebuilds of all stand-ins).
BASE_RECIPE="1"
HASH_LABEL="lab-grader.content-hash"

_t0=$SECONDS
log() { printf 'lab-grader setup: %s\n' "$*" >&2; }
die() { printf 'lab-grader setup: ERROR: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 && SUDO="sudo" || SUDO=""
fi

# Serialise concurrent runs (CI job + a developer, two test suites...).
if [ -z "${_LAB_GRADER_SETUP_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
  export _LAB_GRADER_SETUP_LOCKED=1
  _lock=/run/lock/lab-grader-setup.lock
  { [ -w /run/lock ] || [ -w "$_lock" ]; } || _lock="${TMPDIR:-/tmp}/lab-grader-setup-$(id -u).lock"
  exec 9>"$_lock"
  flock -n 9 || { log "waiting for another scripts/setup.sh run to finish"; flock 9; }
fi

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    log "apt-get update"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  log "apt-get install $*"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# ---------------------------------------------------------------- 1. Node
setup_node() {
  [ -n "${LAB_GRADER_SKIP_NODE:-}" ] && return 0
  # shellcheck source=node-env.sh
  . "$REPO/scripts/node-env.sh"
  if [ ! -f "$REPO/package.json" ]; then
    log "no package.json yet: skipping npm install"
    return 0
  fi
  # npm (7+) writes node_modules/.package-lock.json on every install: node_modules is up to date
  # when that file is newer than package.json and package-lock.json.
  local marker="$REPO/node_modules/.package-lock.json" f stale=""
  if [ ! -f "$marker" ]; then
    stale=1
  else
    for f in package.json package-lock.json; do
      [ -f "$REPO/$f" ] && [ "$REPO/$f" -nt "$marker" ] && stale=1
    done
  fi
  [ -n "$stale" ] || return 0
  if [ -f "$REPO/package-lock.json" ]; then
    log "npm ci"
    if ! (cd "$REPO" && npm ci --no-audit --no-fund >&2); then
      # e.g. package-lock.json out of sync with package.json: still give the tests a node_modules,
      # without touching the committed package.json / package-lock.json (--no-save).
      log "WARNING: npm ci failed (see above); falling back to npm install --no-save"
      (cd "$REPO" && npm install --no-save --no-audit --no-fund >&2)
    fi
  else
    log "npm install (no package-lock.json)"
    (cd "$REPO" && npm install --no-audit --no-fund >&2)
  fi
  # npm leaves the marker alone when nothing changed; mark node_modules as current.
  [ -f "$marker" ] && touch "$marker"
}

# ---------------------------------------------------------------- 2. Docker engine
install_engine_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v docker >/dev/null 2>&1 || missing+=(docker.io)
  command -v iptables >/dev/null 2>&1 || missing+=(iptables)
  command -v containerd >/dev/null 2>&1 || missing+=(containerd)
  command -v runc >/dev/null 2>&1 || missing+=(runc)
  command -v docker-init >/dev/null 2>&1 || [ -x /usr/sbin/docker-init ] || missing+=(tini)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  [ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || missing+=(debian-archive-keyring)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  command -v pgrep >/dev/null 2>&1 || missing+=(procps)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  [ -d /etc/ssl/certs ] && [ -n "$(ls /etc/ssl/certs 2>/dev/null | head -1)" ] || missing+=(ca-certificates)
  if [ "${#missing[@]}" -gt 0 ]; then
    # shellcheck disable=SC2046
    apt_install $(printf '%s\n' "${missing[@]}" | sort -u)
  fi
}

# Docker programs its NAT/filter rules through `iptables`; Debian 12 defaults to the nf_tables
# backend. Keep it when it works, fall back to the legacy backend when the kernel lacks nf_tables.
choose_iptables_backend() {
  if iptables -t nat -S >/dev/null 2>&1 && iptables -t filter -S >/dev/null 2>&1; then
    return 0
  fi
  if command -v iptables-legacy >/dev/null 2>&1 && iptables-legacy -t nat -S >/dev/null 2>&1; then
    log "iptables (nft backend) does not work here; switching to iptables-legacy"
    $SUDO update-alternatives --set iptables /usr/sbin/iptables-legacy >/dev/null
    [ -x /usr/sbin/ip6tables-legacy ] && $SUDO update-alternatives --set ip6tables /usr/sbin/ip6tables-legacy >/dev/null || true
    return 0
  fi
  log "WARNING: neither iptables backend works; starting dockerd with --iptables=false (no port publishing/NAT)"
  DOCKERD_EXTRA+=(--iptables=false)
}

docker_ok() { docker info >/dev/null 2>&1; }

start_engine() {
  install_engine_packages
  if docker_ok; then return 0; fi

  if pgrep -x dockerd >/dev/null 2>&1; then
    log "dockerd is already running (pid $(pgrep -x dockerd | tr '\n' ' ')): waiting for it"
  else
    DOCKERD_EXTRA=()
    choose_iptables_backend
    # Match the uplink MTU (e.g. 1400 in VMs/tunnels), otherwise large TLS/HTTP transfers from
    # containers (apt-get in `docker build`) stall on path-MTU black holes.
    local dev mtu
    dev="$(ip -4 route show default 2>/dev/null | awk '{for(i=1;i<NF;i++) if($i=="dev"){print $(i+1); exit}}')"
    if [ -n "$dev" ] && [ -r "/sys/class/net/$dev/mtu" ]; then
      mtu="$(cat "/sys/class/net/$dev/mtu")"
      if [ "$mtu" -lt 1500 ] && ! grep -qs '"mtu"' /etc/docker/daemon.json; then
        DOCKERD_EXTRA+=(--mtu "$mtu")
      fi
    fi
    log "starting dockerd ${DOCKERD_EXTRA[*]:-} (log: $DOCKERD_LOG)"
    $SUDO mkdir -p "$(dirname "$DOCKERD_LOG")"
    # setsid+nohup: the daemon outlives this script and the CI step that ran it. It must not
    # inherit descriptors: this script's lock (fd 9) would stay held forever, and a CI runner's
    # output pipes would stay open.
    (
      for fd in /proc/self/fd/*; do
        fd="${fd##*/}"
        [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null
      done
      exec $SUDO setsid nohup dockerd ${DOCKERD_EXTRA[@]+"${DOCKERD_EXTRA[@]}"} >>"$DOCKERD_LOG" 2>&1 </dev/null
    ) &
  fi

  local waited=0
  until docker_ok; do
    if [ "$waited" -ge "$DOCKERD_TIMEOUT" ]; then
      log "last lines of $DOCKERD_LOG:"
      tail -n 25 "$DOCKERD_LOG" >&2 || true
      die "dockerd did not answer on /var/run/docker.sock within ${DOCKERD_TIMEOUT}s"
    fi
    # The launcher takes a moment to become dockerd (it closes descriptors first): on a loaded
    # machine no dockerd may be there yet in the first seconds, which is not an exit.
    if [ "$waited" -ge 10 ] && ! pgrep -x dockerd >/dev/null 2>&1; then
      log "last lines of $DOCKERD_LOG:"
      tail -n 25 "$DOCKERD_LOG" >&2 || true
      die "dockerd exited during startup"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  log "docker engine ready ($(docker version -f '{{.Server.Version}}' 2>/dev/null), storage driver $(docker info -f '{{.Driver}}' 2>/dev/null))"
}

# ---------------------------------------------------------------- 3. Base image
build_base_image() {
  local have
  have="$(docker image inspect -f '{{index .Config.Labels "lab-grader.base-recipe"}}' "$BASE_IMAGE" 2>/dev/null || true)"
  [ "$have" = "$BASE_RECIPE" ] && [ -z "${LAB_GRADER_REBUILD:-}" ] && return 0

  log "building $BASE_IMAGE with debootstrap from $MIRROR (a few minutes)"
  local root t=$SECONDS
  root="$(mktemp -d "${TMPDIR:-/tmp}/lab-grader-rootfs.XXXXXX")"
  # shellcheck disable=SC2064
  trap "umount -R '$root/proc' '$root/sys' '$root/dev' 2>/dev/null || true; rm -rf '$root'" EXIT
  if ! $SUDO debootstrap --variant=minbase --arch=amd64 bookworm "$root" "$MIRROR" >"$root.log" 2>&1; then
    tail -n 30 "$root.log" >&2
    die "debootstrap failed (full log: $root.log)"
  fi
  rm -f "$root.log"

  # Like the official debian image: plain sources, no docs/man pages, apt caches cleaned.
  cat >"$root/etc/apt/sources.list" <<EOF
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
  mkdir -p "$root/etc/dpkg/dpkg.cfg.d" "$root/etc/apt/apt.conf.d"
  cat >"$root/etc/dpkg/dpkg.cfg.d/lab-grader-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
EOF
  cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  printf 'Acquire::Languages "none";\n' >"$root/etc/apt/apt.conf.d/docker-no-languages"
  printf 'Acquire::GzipIndexes "true";\n' >"$root/etc/apt/apt.conf.d/docker-gzip-indexes"
  # No init system in a container: package postinst scripts must not try to start services.
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  rm -rf "$root"/usr/share/doc/*/[!c]* "$root"/usr/share/man/* "$root"/usr/share/info/* \
    "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
    "$root"/var/log/*.log "$root"/var/log/apt/* "$root"/tmp/* "$root"/root/.bash_history
  : >"$root/etc/hostname"
  : >"$root/etc/resolv.conf"

  $SUDO tar --numeric-owner --xattrs -C "$root" -c . | docker import \
    --change 'CMD ["bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "LABEL lab-grader.base-recipe=$BASE_RECIPE" \
    --change 'LABEL org.opencontainers.image.description="lab-grader offline base: Debian 12 bookworm (debootstrap minbase)"' \
    - "$BASE_IMAGE" >/dev/null
  $SUDO rm -rf "$root"
  trap - EXIT
  log "$BASE_IMAGE imported in $((SECONDS - t))s"
}

# ---------------------------------------------------------------- 4. Stand-in images
# docker build, preferring BuildKit: its build steps do not run as containers the engine lists,
# so a concurrent test harness that removes "every container it did not create" cannot kill a
# build step (the legacy builder's intermediate containers are fair game for such a cleanup).
# Docker 28's CLI needs the buildx plugin for BuildKit; Debian's 20.10 CLI (docker.io) has it built in.
docker_build() {
  local attempt
  for attempt in 1 2 3; do
    if docker buildx version >/dev/null 2>&1; then
      DOCKER_BUILDKIT=1 docker build --progress=plain "$@" && return 0
    elif [ -x /usr/bin/docker ] && /usr/bin/docker version -f '{{.Client.Version}}' 2>/dev/null | grep -q '^20\.'; then
      DOCKER_BUILDKIT=1 /usr/bin/docker build --progress=plain "$@" && return 0
    else
      DOCKER_BUILDKIT=0 docker build "$@" && return 0
    fi
    echo "lab-grader setup: build attempt $attempt failed" >&2
  done
  return 1
}

image_hash() { # content hash of images/<name>/ + the base image it builds on
  local dir="$1" base_id
  base_id="$(docker image inspect -f '{{.Id}}' "$BASE_IMAGE")"
  {
    echo "base $base_id"
    (cd "$dir" && find . -type f ! -name '*~' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    # file modes matter too (entrypoint scripts must stay executable)
    (cd "$dir" && find . -type f -perm -u+x -print | LC_ALL=C sort)
  } | sha256sum | cut -d' ' -f1
}

# images/<name>/wheels.txt: pinned wheels (CPython 3.11, x86_64) that the stand-in's pip installs
# from, downloaded on the host (which reaches PyPI with its own pip settings) into wheels/; done
# again only when wheels.txt changes.
fetch_wheels() {
  local dir="$1" stamp want
  [ -f "$dir/wheels.txt" ] || return 0
  stamp="$dir/wheels/.wheels.txt.sha256"
  want="$(sha256sum <"$dir/wheels.txt" | cut -d' ' -f1)"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
  python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
  log "downloading the wheels of images/$(basename "$dir")/wheels.txt from PyPI"
  rm -rf "$dir/wheels"
  mkdir -p "$dir/wheels"
  if ! python3 -m pip download --quiet --no-deps --only-binary=:all: --platform manylinux2014_x86_64 \
      --python-version 3.11 --implementation cp --abi cp311 -d "$dir/wheels" -r "$dir/wheels.txt" >&2; then
    rm -rf "$dir/wheels"
    die "pip download of images/$(basename "$dir")/wheels.txt failed"
  fi
  printf '%s\n' "$want" >"$stamp"
}

build_stand_in() {
  local dir="$1" name want have tags tag id t=$SECONDS
  name="$(basename "$dir")"
  fetch_wheels "$dir"
  want="$(image_hash "$dir")"
  have="$(docker image inspect -f "{{index .Config.Labels \"$HASH_LABEL\"}}" "lab-grader/$name:latest" 2>/dev/null || true)"
  if [ "$want" != "$have" ] || [ -n "${LAB_GRADER_REBUILD:-}" ]; then
    log "building stand-in image '$name'"
    local out nocache=()
    [ -n "${LAB_GRADER_REBUILD:-}" ] && nocache=(--no-cache)
    out="$(mktemp)"
    if ! docker_build ${nocache[@]+"${nocache[@]}"} --label "$HASH_LABEL=$want" -t "lab-grader/$name:latest" "$dir" >"$out" 2>&1; then
      tail -n 40 "$out" >&2
      rm -f "$out"
      die "docker build of images/$name failed"
    fi
    rm -f "$out"
    log "built lab-grader/$name in $((SECONDS - t))s"
  fi
  id="$(docker image inspect -f '{{.Id}}' "lab-grader/$name:latest")"
  tags=()
  if [ -f "$dir/tags" ]; then
    while read -r tag; do
      tag="${tag%%#*}"; tag="${tag//[[:space:]]/}"
      [ -n "$tag" ] && tags+=("$tag")
    done <"$dir/tags"
  fi
  for tag in ${tags[@]+"${tags[@]}"}; do
    if [ "$(docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)" != "$id" ]; then
      docker tag "$id" "$tag"
      log "tagged $tag"
    fi
  done
}

build_stand_ins() {
  local dir name only=" ${LAB_GRADER_ONLY_IMAGES:-} "
  for dir in "$REPO"/images/*/; do
    dir="${dir%/}"
    name="$(basename "$dir")"
    [ -f "$dir/Dockerfile" ] || continue
    if [ "$only" != "  " ] && [[ "$only" != *" $name "* ]]; then continue; fi
    build_stand_in "$dir"
  done
  # Drop superseded builds of our stand-ins and base (untagged leftovers no container uses).
  docker image prune -f --filter "label=$HASH_LABEL" >/dev/null 2>&1 || true
  docker image prune -f --filter "label=lab-grader.base-recipe" >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------- 7. Chromium
# playwright-core (a devDependency) drives Debian's /usr/bin/chromium: no browser download.
setup_browser() {
  [ -n "${LAB_GRADER_SKIP_BROWSER:-}" ] && return 0
  if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi dejavu; then return 0; fi
  apt_install chromium fonts-dejavu-core
}

setup_node
start_engine
if [ -z "${LAB_GRADER_SKIP_IMAGES:-}" ]; then
  build_base_image
  build_stand_ins
fi
if [ -z "${LAB_GRADER_SKIP_ENGINES:-}" ]; then
  bash "$REPO/scripts/engines.sh" || die "the other engines (scripts/engines.sh) could not be installed"
fi
setup_browser
if [ -z "${LAB_GRADER_SKIP_ACTIONLINT:-}" ]; then
  bash "$REPO/scripts/actionlint.sh" >/dev/null || log "WARNING: actionlint could not be built (see above); the workflow lint test will fail"
fi
log "ready in $((SECONDS - _t0))s"

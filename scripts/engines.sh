#!/usr/bin/env bash
# The other engines the tests grade on (issue 11), from Debian's packages; idempotent, quick when
# everything is there. Called by scripts/setup.sh (LAB_GRADER_SKIP_ENGINES=1 skips it).
#   podman                  rootful Podman: `podman system service` (test/integration/engines/private-podman.ts)
#   openssh-server/-client  an sshd on loopback for ssh:// engines, with a key each test makes
#   openssl, iproute2       certificates for the TLS dockerd; network namespaces for private engines
#   uidmap, slirp4netns, rootlesskit   for rootless engines
set -euo pipefail
log() { printf 'lab-grader engines: %s\n' "$*" >&2; }
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

need=()
command -v podman >/dev/null 2>&1 || need+=(podman)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v nsenter >/dev/null 2>&1 || need+=(util-linux)
command -v newuidmap >/dev/null 2>&1 || need+=(uidmap)
command -v slirp4netns >/dev/null 2>&1 || need+=(slirp4netns)
command -v rootlesskit >/dev/null 2>&1 || need+=(rootlesskit)
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
# Rootless engines (test/integration/engines/private-rootless.ts) run as an unprivileged user of
# their own, with subordinate uids/gids for the user namespace, as a student's laptop has them.
ROOTLESS_USER=lab-grader-rootless
if ! id -u "$ROOTLESS_USER" >/dev/null 2>&1; then
  log "adding the user $ROOTLESS_USER for the rootless engines"
  $SUDO useradd --system --create-home --home-dir "/var/lib/$ROOTLESS_USER" --shell /usr/sbin/nologin "$ROOTLESS_USER"
fi
for f in /etc/subuid /etc/subgid; do
  grep -q "^$ROOTLESS_USER:" "$f" 2>/dev/null || echo "$ROOTLESS_USER:300000:65536" | $SUDO tee -a "$f" >/dev/null
done
# slirp4netns opens /dev/net/tun as that user: udev makes it 0666 on every distribution; a
# container-built machine may leave it 0600.
if [ -c /dev/net/tun ] && [ "$(stat -c %a /dev/net/tun)" != 666 ]; then
  log "making /dev/net/tun usable by unprivileged users (0666, as udev does)"
  $SUDO chmod 0666 /dev/net/tun
fi
# Debian's package enables a systemd socket for sshd; the tests run their own sshd, on loopback only.
podman --version >/dev/null
log "ready: $(podman --version), $(ssh -V 2>&1)"

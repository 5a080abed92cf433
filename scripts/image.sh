#!/usr/bin/env bash
# Builds the grader's own image (default tag lab-grader:dev) from the Dockerfile at the repo root.
# Idempotent: scripts/setup.sh makes sure the engine and the Debian base exist, and docker's layer
# cache makes a rebuild with nothing changed take seconds. Prints the image's size.
#
#   LAB_GRADER_IMAGE=lab-grader:dev   the tag to build
#   NPM_REGISTRY=...                  where Node 24 and npm come from (default: npm config get registry)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
IMAGE="${LAB_GRADER_IMAGE:-lab-grader:dev}"

# The engine and lab-grader/debian:bookworm, without Node or the stand-in images.
LAB_GRADER_SKIP_NODE=1 LAB_GRADER_ONLY_IMAGES=none bash scripts/setup.sh

registry="${NPM_REGISTRY:-$(npm config get registry 2>/dev/null)}"
[ -n "$registry" ] || { echo "image: no npm registry (set NPM_REGISTRY)" >&2; exit 1; }

# The host's CA bundle, so that the build trusts what the host trusts (a TLS-inspecting proxy's
# CA included). A BuildKit secret: it is in no layer of the image.
ca=()
for f in "${NODE_EXTRA_CA_CERTS:-}" "${SSL_CERT_FILE:-}" /etc/ssl/certs/ca-certificates.crt; do
  [ -n "$f" ] && [ -f "$f" ] && { ca=(--secret "id=ca,src=$f"); break; }
done

# BuildKit (the Dockerfile mounts a secret), as scripts/setup.sh builds: its steps are not
# containers that a concurrent test cleanup could remove. Docker 28's CLI needs the buildx
# plugin for it; Debian's 20.10 CLI (docker.io) has it built in.
build() {
  if ! docker buildx version >/dev/null 2>&1 && [ -x /usr/bin/docker ] &&
    /usr/bin/docker version -f '{{.Client.Version}}' 2>/dev/null | grep -q '^20\.'; then
    DOCKER_BUILDKIT=1 /usr/bin/docker build --progress=plain "$@"
  else
    DOCKER_BUILDKIT=1 docker build --progress=plain "$@"
  fi
}

t=$SECONDS
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! build ${ca[@]+"${ca[@]}"} --build-arg NPM_REGISTRY="$registry" -t "$IMAGE" . >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "image: docker build failed" >&2
  exit 1
fi
size=$(docker image inspect -f '{{.Size}}' "$IMAGE")
echo "image: $IMAGE built in $((SECONDS - t))s, $((size / 1000000)) MB" >&2

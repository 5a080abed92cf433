#!/usr/bin/env bash
# Prints the directory of a kind binary for tests, building it from the Go
# module proxy the first time (~45 s on 2 cores) and caching it:
#   PATH=$(bash scripts/kind.sh bindir):$PATH kind version
# Tests never pull a node image: see test/e2e/cluster.test.ts.
set -euo pipefail

KIND_VERSION=v0.33.0  # sigs.k8s.io/kind
CACHE=${LAB_CLUSTER_CACHE:-$HOME/.cache/lab-grader}
BIN=$CACHE/kind/$KIND_VERSION/bin

case ${1:-bindir} in
  bindir)
    if [[ ! -x $BIN/kind ]]; then
      command -v go >/dev/null || { echo "kind: Go is required to build sigs.k8s.io/kind@$KIND_VERSION" >&2; exit 1; }
      echo "kind: building sigs.k8s.io/kind@$KIND_VERSION into $BIN" >&2
      mkdir -p "$BIN"
      GOBIN=$BIN GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0 go install "sigs.k8s.io/kind@$KIND_VERSION" >&2
    fi
    echo "$BIN"
    ;;
  *) echo "usage: $0 bindir" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Run a command against a fresh test cluster and always tear it down:
#   bash scripts/cluster-test.sh <command...>
# Exits with the command's status (or the cluster's, if it failed to start).
# Extra options for `up` can be passed in LAB_CLUSTER_UP_ARGS (e.g. "--nodes 4").
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
(($#)) || { echo "usage: $0 <command...>" >&2; exit 2; }

trap '"$HERE/cluster.sh" down || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck disable=SC2086
"$HERE/cluster.sh" up ${LAB_CLUSTER_UP_ARGS:-} || exit $?
KUBECONFIG=$("$HERE/cluster.sh" kubeconfig)
export KUBECONFIG
# The kubectl built with the cluster comes first on PATH.
PATH=$("$HERE/cluster.sh" bindir):$PATH
"$@"

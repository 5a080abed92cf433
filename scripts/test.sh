#!/usr/bin/env bash
# The whole test suite (the README's test command, and what CI runs):
# unit tests; then every Docker lab against the real engine, then labs 1 and 2 on the other engines;
# beside those, the Kubernetes tests against the project's test cluster, which is brought up and
# torn down around them.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh || { echo "setup failed" >&2; exit 1; }
. scripts/node-env.sh
npm run -s build || exit 1

results=$(mktemp -d)
jest() { node --experimental-vm-modules --no-warnings=ExperimentalWarning node_modules/jest/bin/jest.js --ci --json --outputFile="$results/$1.json" --selectProjects "$@"; }
status=0
jest unit || status=1
# The grader's own image (Dockerfile): the docker and k8s projects run it against the real engine
# and the test cluster. Built here once, up front; their own call of scripts/image.sh then reuses it.
bash scripts/image.sh || status=1

# The Kubernetes tests run beside the Docker ones: they use the test cluster, not the engine (the
# one file that starts containers waits for the Docker lock, and runs last: test/sequencer.cjs).
# On a fresh machine the cluster's binaries take about 15 minutes to build first, at the lowest CPU
# priority so that the Docker tests keep theirs. Started before the Docker lock is taken below, so
# that this background job does not inherit it.
k8s_log="$results.k8s.log"
if [ -z "${LAB_GRADER_SKIP_K8S:-}" ]; then
  # The test cluster: kwok nodes plus one real kubelet node, so that lab 3's Pod really serves.
  # LAB_CLUSTER_UP_ARGS= (empty) runs on kwok nodes only.
  export LAB_CLUSTER_UP_ARGS="${LAB_CLUSTER_UP_ARGS---real-node}"
  case "$LAB_CLUSTER_UP_ARGS" in *--real-node*) export SMOKE_REAL_NODE=1; extra=kubelet ;; *) extra= ;; esac
  (
    nice -n 19 bash scripts/cluster.sh build $extra >"${TMPDIR:-/tmp}/lab-grader-cluster-build.log" 2>&1
    bash scripts/cluster-test.sh bash -c '
      bash test/cluster/smoke.sh &&
      node --experimental-vm-modules --no-warnings=ExperimentalWarning node_modules/jest/bin/jest.js --ci --json --outputFile='"$results"'/k8s.json --selectProjects k8s --runInBand'
  ) >"$k8s_log" 2>&1 &
  k8s=$!
fi

# The Docker lab tests need the names mimysql, miwp, mifedora, miclasificador, midb and miweb and the ports 3306, 5000, 8081 and 8082. A student's
# or the demo's own containers with those names are stopped and parked under another name for
# the run, and put back afterwards as they were.
parked=()
park() {
  local name running
  for name in mimysql miwp mifedora miclasificador midb miweb; do
    running=$(docker container inspect -f '{{.State.Running}}' "$name" 2>/dev/null) || continue
    docker stop "$name" >/dev/null && docker rename "$name" "$name-parked-by-lab-grader-tests" &&
      parked+=("$name:$running") && echo "test: parked your $name container for the run" >&2
  done
}
unpark() {
  local entry name
  for entry in "${parked[@]}"; do
    name=${entry%%:*}
    docker rm -f "$name" >/dev/null 2>&1
    docker rename "$name-parked-by-lab-grader-tests" "$name" && [ "${entry#*:}" = true ] && docker start "$name" >/dev/null
    echo "test: put your $name container back" >&2
  done
  parked=()
}
# Interrupted: the Kubernetes job goes too (deepest first, so that cluster-test.sh still takes the
# cluster down), and parked containers come back.
kill_tree() { local p; for p in $(pgrep -P "$1"); do kill_tree "$p"; done; kill "$1" 2>/dev/null; }
trap 'unpark; [ -z "${k8s:-}" ] || kill_tree "$k8s"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# The engine's names and ports are shared with `npm run bench` and `npm run fuzz`: one at a time.
exec 8>/tmp/lab-grader-docker.lock
flock -n 8 || { echo "test: waiting for another run that uses the Docker engine (/tmp/lab-grader-docker.lock)" >&2; flock 8; }
park
jest docker --runInBand || status=1
unpark
flock -u 8; exec 8>&-
# Labs 1 and 2 on the other engines (Podman, rootless, ssh) run on engines the tests start for
# themselves, each with its own storage and network namespace: after the Docker tests, beside the
# Kubernetes ones. The Kubernetes output is shown once it is done.
jest engines --runInBand || status=1
if [ -n "${k8s:-}" ]; then
  wait "$k8s" || status=1
  k8s=
  cat "$k8s_log" >&2
fi
rm -f "$k8s_log"

# One closing line for every project, the way CI reads it.
projects="unit docker engines"
[ -n "${LAB_GRADER_SKIP_K8S:-}" ] || projects+=" k8s"
node -e '
  const fs = require("fs"); let p = 0, f = 0, s = 0;
  // A project whose runner died before writing its results counts as a failure, not as nothing.
  for (const project of process.argv[2].split(" ")) if (!fs.existsSync(`${process.argv[1]}/${project}.json`)) { console.log(`${project}: no results`); f++; }
  for (const file of fs.readdirSync(process.argv[1])) {
    const r = JSON.parse(fs.readFileSync(process.argv[1] + "/" + file, "utf8"));
    p += r.numPassedTests; f += r.numFailedTests + r.numRuntimeErrorTestSuites; s += r.numPendingTests;
  }
  console.log(`tests: ${p} passed, ${f} failed` + (s ? `, ${s} skipped` : ""));
' "$results" "$projects"
rm -rf "$results"
exit $status

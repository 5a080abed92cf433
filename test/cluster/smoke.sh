#!/usr/bin/env bash
# shellcheck disable=SC2015 # "cmd && ok || fail": ok never fails
# Smoke test for the kwok test cluster (scripts/cluster.sh): brings it up or
# reuses it, then checks the behaviours lab grading relies on.
# Prints "smoke: N passed, M failed" and exits non-zero on any failure.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CLUSTER=$ROOT/scripts/cluster.sh
NS=smoke-$$
TIMEOUT=${SMOKE_TIMEOUT:-90}
passed=0
failed=0

T0=$SECONDS
ok() { echo "ok   - $* [$((SECONDS - T0))s]"; passed=$((passed + 1)); }
fail() { echo "FAIL - $* [$((SECONDS - T0))s]"; failed=$((failed + 1)); }

finish() {
  [[ -n ${KUBECTL:-} ]] && "$KUBECTL" delete namespace "$NS" --ignore-not-found --wait=false >/dev/null 2>&1
  echo "smoke: $passed passed, $failed failed"
  ((failed == 0))
  exit
}
trap finish EXIT

# SMOKE_REAL_NODE=1 (or LAB_CLUSTER_REAL_NODE=1) also checks the opt-in real node.
REAL=${SMOKE_REAL_NODE:-${LAB_CLUSTER_REAL_NODE:-0}}
if [[ $REAL == 1 ]]; then
  "$CLUSTER" up --real-node || { fail "cluster up --real-node"; exit 1; }
elif ! "$CLUSTER" status >/dev/null 2>&1; then
  "$CLUSTER" up || { fail "cluster up"; exit 1; }
fi
KUBECONFIG=$("$CLUSTER" kubeconfig)
export KUBECONFIG
# Prefer the kubectl built with the cluster; any kubectl on PATH otherwise.
KUBECTL=$("$CLUSTER" bindir)/kubectl
[[ -x $KUBECTL ]] || KUBECTL=kubectl

# poll DESCRIPTION COMMAND...: retry until the command succeeds or TIMEOUT.
poll() {
  local what=$1 i
  shift
  for ((i = 0; i < TIMEOUT; i++)); do
    if "$@" >/dev/null 2>&1; then ok "$what"; return 0; fi
    sleep 1
  done
  fail "$what (timed out after ${TIMEOUT}s)"
  return 1
}

"$CLUSTER" status >/dev/null && ok "cluster status healthy" || fail "cluster status"

nodes=$("$KUBECTL" get nodes --no-headers 2>/dev/null | wc -l)
ready=$("$KUBECTL" get nodes --no-headers 2>/dev/null | awk '$2 == "Ready"' | wc -l)
((nodes >= 2 && ready == nodes)) && ok "$ready/$nodes nodes Ready" || fail "nodes Ready ($ready/$nodes)"

# Pods may land on the real node, where the image must exist locally.
IMAGE=nginx:1.22
real_node=$("$KUBECTL" get nodes -l lab-grader/real-node=true -o name 2>/dev/null | head -1)
[[ -n $real_node ]] && IMAGE=lab-grader/hello:1

# Untainted nodes: what a DaemonSet without toleration should cover.
schedulable=$("$KUBECTL" get nodes -o jsonpath='{range .items[*]}{.spec.taints}{"\n"}{end}' | grep -vc NoSchedule)

"$KUBECTL" create namespace "$NS" >/dev/null && ok "create namespace $NS" || fail "create namespace"
poll "default ServiceAccount in $NS" "$KUBECTL" -n "$NS" get serviceaccount default

"$KUBECTL" -n "$NS" apply -f - >/dev/null <<EOF && ok "create pod and daemonsets" || fail "create pod and daemonsets"
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
  - name: nginx
    image: $IMAGE
    ports: [{containerPort: 80}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: $IMAGE}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent-everywhere
spec:
  selector: {matchLabels: {app: agent-everywhere}}
  template:
    metadata: {labels: {app: agent-everywhere}}
    spec:
      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      containers: [{name: agent, image: $IMAGE}]
EOF

ds_is() {
  local got
  got=$("$KUBECTL" -n "$NS" get daemonset "$1" \
    -o jsonpath='{.status.desiredNumberScheduled}/{.status.numberReady}/{.status.numberAvailable}')
  [[ $got == "$2/$2/$2" ]]
}
poll "daemonset without toleration: desired=ready=$schedulable" ds_is agent "$schedulable"
poll "daemonset with control-plane toleration: desired=ready=$nodes" ds_is agent-everywhere "$nodes"

pod_running_ready() {
  [[ $("$KUBECTL" -n "$NS" get pod web -o jsonpath='{.status.phase}/{.status.conditions[?(@.type=="Ready")].status}/{.status.podIP}') == Running/True/?* ]]
}
poll "pod Running and Ready with an IP" pod_running_ready

cp_pods=$("$KUBECTL" -n "$NS" get pods -l app=agent -o jsonpath='{range .items[*]}{.spec.nodeName}{"\n"}{end}' | grep -c control-plane)
((cp_pods == 0)) && ok "untolerating daemonset skips the control-plane node" || fail "daemonset pod on control-plane node"

scheduled_event() {
  "$KUBECTL" -n "$NS" get events -o jsonpath='{range .items[*]}{.reason}{"\n"}{end}' | grep -qx Scheduled
}
poll "scheduler records Scheduled events" scheduled_event

if [[ -n $real_node ]]; then
  "$KUBECTL" -n "$NS" apply -f - >/dev/null <<EOF && ok "create pod on ${real_node#node/}" || fail "create pod on real node"
apiVersion: v1
kind: Pod
metadata:
  name: real
spec:
  nodeSelector: {lab-grader/real-node: "true"}
  containers:
  - name: hello
    image: lab-grader/hello:1
    ports: [{containerPort: 80}]
    readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}
EOF
  poll "real pod Ready (HTTP readiness probe passed)" "$KUBECTL" -n "$NS" wait --for=condition=Ready pod/real --timeout=1s
  proxied() { "$KUBECTL" get --raw "/api/v1/namespaces/$NS/pods/real:80/proxy/" | grep -q '^hello from real'; }
  poll "real pod serves HTTP through the API server's pod proxy" proxied

  # Storage, as kind has it: a claim on the default StorageClass binds once a Pod on the real node
  # uses it (local-path-provisioner's helper Pod makes the directory there), and the Pod writes to it.
  "$KUBECTL" -n "$NS" apply -f - >/dev/null <<EOF && ok "create claim and a pod that writes to it" || fail "create claim"
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: Pod
metadata: {name: writer}
spec:
  nodeSelector: {lab-grader/real-node: "true"}
  restartPolicy: Never
  containers:
  - {name: w, image: busybox:1.36, command: [sh, -c, 'echo kept > /data/f && cat /data/f'], volumeMounts: [{name: d, mountPath: /data}]}
  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
EOF
  bound() { [[ $("$KUBECTL" -n "$NS" get pvc data -o jsonpath='{.status.phase}') == Bound ]]; }
  poll "claim Bound by local-path-provisioner (StorageClass standard, the default)" bound
  wrote() { [[ $("$KUBECTL" -n "$NS" logs writer 2>/dev/null) == kept ]]; }
  poll "the pod wrote to its volume" wrote
fi

if "$KUBECTL" delete namespace "$NS" --timeout="${TIMEOUT}s" >/dev/null 2>&1; then
  ok "delete namespace $NS"
else
  fail "delete namespace $NS"
fi

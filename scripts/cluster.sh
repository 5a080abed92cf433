#!/usr/bin/env bash
# A real Kubernetes control plane for tests, without any container registry:
# etcd + kube-apiserver + kube-controller-manager + kube-scheduler built from
# pinned upstream sources, and kwok simulating the nodes (kind-like layout:
# lab-control-plane, lab-worker, lab-worker2). Everything listens on 127.0.0.1.
#
#   scripts/cluster.sh up [--nodes N] [--real-node]
#   scripts/cluster.sh down [--real-node] | status | bindir
#   scripts/cluster.sh kubeconfig [--user NAME [--group GROUP]...]
#   scripts/cluster.sh load-image IMAGE...   (a local Docker image into the real node)
#
# See docs/test-cluster.md.
set -euo pipefail

# Bumping a version: edit it here and in the matching go.mod (k8s: the require
# line and every replace line), then regenerate that go.sum.
K8S_VERSION=v1.34.4   # k8s.io/kubernetes; staging modules are pinned to v0.34.4 in scripts/cluster/build/go.mod
KWOK_VERSION=v0.8.0   # sigs.k8s.io/kwok
ETCD_VERSION=v3.5.35  # go.etcd.io/etcd/server/v3, see scripts/cluster/etcd-build/go.mod
LOCAL_PATH_VERSION=v0.0.30  # github.com/rancher/local-path-provisioner (real node only)
HELM_VERSION=v3.22.0        # helm.sh/helm/v3, the CLI the Helm lab and the grader's chart are tested with
TRAEFIK_VERSION=v3.6.12     # github.com/traefik/traefik/v3, the ingress controller (real node only), see scripts/cluster/traefik-build/go.mod

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${LAB_CLUSTER_CACHE:-$HOME/.cache/lab-grader}
BIN=$CACHE/k8s/$K8S_VERSION/bin
STATE=${LAB_CLUSTER_STATE:-$CACHE/cluster}
NAME=${LAB_CLUSTER_NAME:-lab}
API_PORT=${LAB_CLUSTER_PORT:-6443}
ETCD_PORT=${LAB_CLUSTER_ETCD_PORT:-12379}
ETCD_PEER_PORT=$((ETCD_PORT + 1))
CM_PORT=${LAB_CLUSTER_CM_PORT:-10257}
SCHED_PORT=${LAB_CLUSTER_SCHED_PORT:-10259}
SERVICE_CIDR=10.96.0.0/16
SERVICE_IP=10.96.0.1
# kwok hands out fake pod IPs from here. Nothing ever listens on them; `up`
# installs an unreachable route so a stray connection fails locally instead of
# leaving the machine.
KWOK_POD_CIDR=10.244.0.0/16

PKI=$STATE/pki
LOGS=$STATE/logs
PIDS=$STATE/pids
KUBECONFIG_PATH=$STATE/kubeconfig
AUDIT_LOG=$LOGS/audit.log

log() { echo "cluster: $*" >&2; }
die() { log "error: $*"; exit 1; }

# apt_install PKG...: a fresh machine may not have package lists yet.
apt_install() {
  log "installing $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "$@" >&2 || { apt-get update -q >&2 && apt-get install -y -q "$@" >&2; }
}

# ---------------------------------------------------------------- binaries

need_go() {
  command -v go >/dev/null || die "Go >= 1.26 is required to build the cluster binaries (Debian's golang is too old)"
}

build_k8s() {
  local want=(kube-apiserver kube-controller-manager kube-scheduler kubectl "$@") missing=() b
  for b in "${want[@]}"; do [[ -x $BIN/$b ]] || missing+=("$b"); done
  ((${#missing[@]})) || return 0
  need_go
  local src=$CACHE/k8s/$K8S_VERSION/src pkgs=() t0=$SECONDS
  mkdir -p "$src" "$BIN"
  # Build in a copy: `go build -mod=mod` rewrites go.mod/go.sum.
  cp "$HERE/cluster/build/go.mod" "$HERE/cluster/build/go.sum" "$src/"
  for b in "${missing[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$b"); done
  # Stamp the release into the binaries as upstream's build does (hack/lib/version.sh),
  # so /version, `kubectl version` and node kubeletVersion report it.
  local minor=${K8S_VERSION#v1.} p ldflags='-s -w'
  minor=${minor%%.*}
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  done
  log "building ${missing[*]} from k8s.io/kubernetes@$K8S_VERSION (cold: ~7 min on 2 cores)"
  (cd "$src" && GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0 \
    go build -mod=mod -trimpath -ldflags="$ldflags" -o "$src/out/" "${pkgs[@]}")
  for b in "${missing[@]}"; do mv "$src/out/$b" "$BIN/$b"; done
  log "built ${missing[*]} in $((SECONDS - t0))s"
}

build_kwok() {
  [[ -x $BIN/kwok-$KWOK_VERSION && -s $BIN/kwok-$KWOK_VERSION-stages.yaml ]] && return 0
  need_go
  local gobin=$CACHE/k8s/$K8S_VERSION/kwok-build t0=$SECONDS
  kwok_stages >"$BIN/kwok-$KWOK_VERSION-stages.yaml"
  [[ -x $BIN/kwok-$KWOK_VERSION ]] && return 0
  log "building kwok from sigs.k8s.io/kwok@$KWOK_VERSION"
  GOBIN=$gobin GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0 \
    go install -trimpath -ldflags='-s -w' "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  mv "$gobin/kwok" "$BIN/kwok-$KWOK_VERSION"
  log "built kwok in $((SECONDS - t0))s"
}

# Stage definitions shipped inside the pinned kwok module: realistic pod
# lifecycle (pod/general: Pending -> ContainerCreating -> Running/Ready) and
# node initialize + lease-based heartbeat, as kwokctl configures them. Our own
# pod-delete stage replaces the general one (see scripts/cluster/kwok/).
kwok_stages() {
  local mod
  mod=$(cd / && go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
  [[ -d $mod/kustomize/stage ]] || die "kwok module source not found"
  local f first=1
  for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
    pod/general/pod-create.yaml pod/general/pod-init-container-running.yaml \
    pod/general/pod-init-container-completed.yaml pod/general/pod-ready.yaml \
    pod/general/pod-complete.yaml; do
    ((first)) || echo '---'
    first=0
    cat "$mod/kustomize/stage/$f"
  done
}

# The storage provisioner kind ships (StorageClass "standard"); used with the real node.
build_local_path() {
  [[ -x $BIN/local-path-provisioner-$LOCAL_PATH_VERSION ]] && return 0
  need_go
  local gobin=$CACHE/k8s/$K8S_VERSION/local-path-build t0=$SECONDS
  log "building local-path-provisioner from github.com/rancher/local-path-provisioner@$LOCAL_PATH_VERSION"
  GOBIN=$gobin GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0 \
    go install -trimpath -ldflags='-s -w' "github.com/rancher/local-path-provisioner@$LOCAL_PATH_VERSION"
  mv "$gobin/local-path-provisioner" "$BIN/local-path-provisioner-$LOCAL_PATH_VERSION"
  log "built local-path-provisioner in $((SECONDS - t0))s"
}

# The helm CLI (a test tool, not a cluster component; cached beside the cluster's binaries).
build_helm() {
  [[ -x $BIN/helm-$HELM_VERSION ]] && return 0
  need_go
  local gobin=$CACHE/k8s/$K8S_VERSION/helm-build t0=$SECONDS
  log "building helm from helm.sh/helm/v3@$HELM_VERSION"
  GOBIN=$gobin GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0 \
    go install -trimpath -ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  mv "$gobin/helm" "$BIN/helm-$HELM_VERSION"
  ln -sf "helm-$HELM_VERSION" "$BIN/helm"
  log "built helm in $((SECONDS - t0))s"
}

# build_from_module NAME VERSION DIR PACKAGE: a binary whose module has replace lines (or needs
# pinned dependencies), built through scripts/cluster/DIR/go.mod, which repeats them. The copy is
# built in the cache: `go build -mod=mod` rewrites go.mod/go.sum.
build_from_module() {
  local name=$1 version=$2 dir=$3 pkg=$4
  [[ -x $BIN/$name-$version ]] && return 0
  need_go
  local src=$CACHE/k8s/$K8S_VERSION/$name-src t0=$SECONDS
  mkdir -p "$src" "$BIN"
  cp "$HERE/cluster/$dir/go.mod" "$HERE/cluster/$dir/go.sum" "$src/"
  log "building $name from $pkg@$version"
  (cd "$src" && GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0 \
    go build -mod=mod -trimpath -ldflags='-s -w' -o "$src/$name" "$pkg")
  mv "$src/$name" "$BIN/$name-$version"
  log "built $name in $((SECONDS - t0))s"
}

# The ingress controller (real node only; cold: ~35 min on 2 busy cores). Its version stays "dev"
# (no -X): then Traefik never asks the network for a newer release, even if
# --global.checknewversion=false were dropped.
build_traefik() { build_from_module traefik "$TRAEFIK_VERSION" traefik-build github.com/traefik/traefik/v3/cmd/traefik; }

build_etcd() { build_from_module etcd "$ETCD_VERSION" etcd-build go.etcd.io/etcd/server/v3; }

# ---------------------------------------------------------------- pki

# cert NAME CN [O] [SAN]: key + cert signed by the cluster CA.
cert() {
  local name=$1 cn=$2 org=${3:-} san=${4:-} subj ext ca=${CA:-ca}
  [[ -s $PKI/$name.crt ]] && return 0
  subj="/CN=$cn"
  [[ -n $org ]] && subj="/O=$org$subj"
  ext=$PKI/$name.ext
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [[ -n $san ]]; then
      echo "extendedKeyUsage=serverAuth,clientAuth"
      echo "subjectAltName=$san"
    else
      echo "extendedKeyUsage=clientAuth"
    fi
  } >"$ext"
  openssl ecparam -name prime256v1 -genkey -noout -out "$PKI/$name.key" 2>/dev/null
  openssl req -new -key "$PKI/$name.key" -subj "$subj" -out "$PKI/$name.csr" 2>/dev/null
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/$ca.crt" -CAkey "$PKI/$ca.key" -CAcreateserial \
    -days 3650 -sha256 -extfile "$ext" -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.csr" "$ext"
}

make_pki() {
  mkdir -p "$PKI"
  chmod 700 "$PKI"
  if [[ ! -s $PKI/ca.crt ]]; then
    openssl ecparam -name prime256v1 -genkey -noout -out "$PKI/ca.key" 2>/dev/null
    openssl req -x509 -new -key "$PKI/ca.key" -subj "/CN=lab-grader-test-ca" -days 3650 -sha256 \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
      -out "$PKI/ca.crt" 2>/dev/null
  fi
  cert apiserver kube-apiserver "" \
    "IP:127.0.0.1,IP:$SERVICE_IP,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  cert admin lab-admin system:masters
  cert controller-manager system:kube-controller-manager
  cert scheduler system:kube-scheduler
  # kwok writes node and pod status for every simulated node.
  cert kwok system:kwok-controller system:masters
  cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters
  # Request-header (front proxy) CA: without it the scheduler and
  # controller-manager complain about the extension-apiserver-authentication
  # ConfigMap; kind clusters have one too.
  if [[ ! -s $PKI/front-proxy-ca.crt ]]; then
    openssl ecparam -name prime256v1 -genkey -noout -out "$PKI/front-proxy-ca.key" 2>/dev/null
    openssl req -x509 -new -key "$PKI/front-proxy-ca.key" -subj "/CN=lab-grader-front-proxy-ca" -days 3650 -sha256 \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
      -out "$PKI/front-proxy-ca.crt" 2>/dev/null
  fi
  CA=front-proxy-ca cert front-proxy-client front-proxy-client
  if [[ ! -s $PKI/sa.key ]]; then
    openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
    openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  fi
}

# kubeconfig FILE USER-CERT-NAME: self-contained (embedded data) so it can be
# copied around; both kubectl and @kubernetes/client-node read it.
kubeconfig() {
  local file=$1 name=$2
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: $NAME
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority-data: $(base64 -w0 <"$PKI/ca.crt")
users:
- name: $name
  user:
    client-certificate-data: $(base64 -w0 <"$PKI/$name.crt")
    client-key-data: $(base64 -w0 <"$PKI/$name.key")
contexts:
- name: $NAME
  context:
    cluster: $NAME
    user: $name
current-context: $NAME
EOF
  chmod 600 "$file"
}

# ---------------------------------------------------------------- processes

pid_of() {
  local f=$PIDS/$1.pid pid
  [[ -s $f ]] || return 1
  pid=$(<"$f")
  # Guard against a recycled pid: it must still be our binary.
  local cmd
  cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ $cmd == *"$2"* ]] || return 1
  echo "$pid"
}

running() { pid_of "$1" "$2" >/dev/null; }

# start NAME BINARY ARGS...: detached, logs to $LOGS/NAME.log.
start() {
  local name=$1 bin=$2
  shift 2
  if running "$name" "$bin"; then return 0; fi
  # 9>&-: the daemon must not inherit (and hold forever) the up/down lock.
  setsid "$bin" "$@" >>"$LOGS/$name.log" 2>&1 </dev/null 9>&- &
  echo $! >"$PIDS/$name.pid"
}

# alive PID: exists and is not a zombie (PID 1 here may not reap promptly).
alive() { [[ -r /proc/$1/stat ]] && ! awk '{exit $3 != "Z"}' "/proc/$1/stat"; }

stop() {
  local name=$1 bin=$2 pid i
  pid=$(pid_of "$name" "$bin") || { rm -f "$PIDS/$name.pid"; return 0; }
  kill "$pid" 2>/dev/null || true
  # kube-apiserver drains in-flight requests for a while on SIGTERM.
  for ((i = 0; i < 150; i++)); do
    alive "$pid" || break
    sleep 0.2
  done
  if alive "$pid"; then
    log "$name ($pid) ignored SIGTERM for 30s, killing"
    kill -9 "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      alive "$pid" || break
      sleep 0.2
    done
  fi
  alive "$pid" && die "$name ($pid) is still running"
  rm -f "$PIDS/$name.pid"
}

# wait_for DESCRIPTION SECONDS COMMAND...
wait_for() {
  local what=$1 secs=$2 i
  shift 2
  for ((i = 0; i < secs * 5; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  [[ -f $LOGS/${what%% *}.log ]] && tail -n 20 "$LOGS/${what%% *}.log" >&2
  die "timed out after ${secs}s waiting for $what (logs: $LOGS)"
}

kc() { "$BIN/kubectl" --kubeconfig "$KUBECONFIG_PATH" "$@"; }
tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
api_ready() { kc get --raw /readyz; }

# ---------------------------------------------------------------- components

start_etcd() {
  mkdir -p "$STATE/etcd"
  start etcd "$BIN/etcd-$ETCD_VERSION" \
    --name "$NAME" --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "$NAME=http://127.0.0.1:$ETCD_PEER_PORT" --initial-cluster-state new \
    --unsafe-no-fsync  # throwaway test data; fsync makes every write wait on the disk
  wait_for etcd 30 tcp_open "$ETCD_PORT"
}

start_apiserver() {
  # --audit-log-maxsize: 0 means lumberjack's default, 100 MB, after which the log is rotated
  # and a test reading it finds nothing of what came before; 100000 (MB) means never here.
  # --endpoint-reconciler-type=none: the advertised address is loopback, which
  # Endpoints validation rejects, so the "kubernetes" Service gets no endpoints.
  start kube-apiserver "$BIN/kube-apiserver" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT" \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
    --client-ca-file="$PKI/ca.crt" \
    --authorization-mode=Node,RBAC --anonymous-auth=false \
    --enable-admission-plugins=NodeRestriction \
    --allow-privileged=true \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
    --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" \
    --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority="$PKI/ca.crt" \
    --kubelet-preferred-address-types=InternalIP,Hostname \
    --endpoint-reconciler-type=none \
    --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="$PKI/front-proxy-client.crt" --proxy-client-key-file="$PKI/front-proxy-client.key" \
    --audit-policy-file="$HERE/cluster/audit-policy.yaml" --audit-log-path="$AUDIT_LOG" \
    --audit-log-maxsize=100000 --audit-log-format=json \
    --profiling=false
  wait_for kube-apiserver 90 api_ready
}

start_controller_manager() {
  kubeconfig "$STATE/controller-manager.kubeconfig" controller-manager
  start kube-controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig="$STATE/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$STATE/controller-manager.kubeconfig" \
    --authorization-kubeconfig="$STATE/controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$CM_PORT" \
    --controllers='*' --use-service-account-credentials \
    --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
    --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
    --leader-elect=false --profiling=false
}

start_scheduler() {
  kubeconfig "$STATE/scheduler.kubeconfig" scheduler
  start kube-scheduler "$BIN/kube-scheduler" \
    --kubeconfig="$STATE/scheduler.kubeconfig" \
    --authentication-kubeconfig="$STATE/scheduler.kubeconfig" \
    --authorization-kubeconfig="$STATE/scheduler.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" \
    --leader-elect=false --profiling=false
}

start_kwok() {
  kubeconfig "$STATE/kwok.kubeconfig" kwok
  # Only nodes carrying the annotation are simulated, so a real kubelet node
  # can join the same cluster untouched.
  start kwok "$BIN/kwok-$KWOK_VERSION" \
    --kubeconfig="$STATE/kwok.kubeconfig" \
    --config="$BIN/kwok-$KWOK_VERSION-stages.yaml" \
    --config="$HERE/cluster/kwok/pod-delete.yaml" \
    --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --node-ip=127.0.0.1 --cidr="$KWOK_POD_CIDR" \
    --node-lease-duration-seconds=40
}

# A Node object kwok takes over (annotation). Status is allowed on Node
# create; kwok's node-initialize stage keeps what is set here, so nodes report
# the release's kubelet version and a plausible size instead of kwok's 1k CPUs.
fake_node() {
  local node=$1 role=$2 extra_labels="" taints=""
  if [[ $role == control-plane ]]; then
    extra_labels='
    node-role.kubernetes.io/control-plane: ""'
    taints='
  taints:
  - key: node-role.kubernetes.io/control-plane
    effect: NoSchedule'
  fi
  cat <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $node
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/hostname: $node
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok$extra_labels
spec:$([[ -n $taints ]] || echo ' {}')$taints
status:
  capacity: &size {cpu: "4", memory: 16Gi, pods: "110", ephemeral-storage: 100Gi}
  allocatable: *size
  nodeInfo:
    architecture: amd64
    operatingSystem: linux
    osImage: kwok (lab-grader test cluster)
    kernelVersion: kwok-$KWOK_VERSION
    containerRuntimeVersion: kwok://$KWOK_VERSION
    kubeletVersion: $K8S_VERSION
    kubeProxyVersion: $K8S_VERSION
    bootID: ""
    machineID: ""
    systemUUID: ""
EOF
}

create_nodes() {
  local n=$1 i node
  for ((i = 0; i < n; i++)); do
    if ((i == 0)); then node=$NAME-control-plane; elif ((i == 1)); then node=$NAME-worker; else node=$NAME-worker$i; fi
    kc get node "$node" >/dev/null 2>&1 && continue
    fake_node "$node" "$([[ $i == 0 ]] && echo control-plane || echo worker)" | kc create -f - >/dev/null
  done
}

nodes_ready() {
  local need=$1 ready
  ready=$(kc get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c True)
  ((ready >= need))
}

# Fake pod IPs must never be routed off the machine.
guard_routes() {
  command -v ip >/dev/null || return 0
  local cidr
  for cidr in "$KWOK_POD_CIDR" "$SERVICE_CIDR"; do
    [[ -n $(ip route show type unreachable "$cidr") ]] ||
      ip route add unreachable "$cidr" 2>/dev/null || log "could not add unreachable route for $cidr (not root?)"
  done
}

unguard_routes() {
  command -v ip >/dev/null || return 0
  local cidr
  for cidr in "$KWOK_POD_CIDR" "$SERVICE_CIDR"; do
    ip route del unreachable "$cidr" 2>/dev/null || true
  done
}

# ---------------------------------------------------------------- commands

cmd_up() {
  local nodes=3 real_node=${LAB_CLUSTER_REAL_NODE:-0} t0=$SECONDS
  while (($#)); do
    case $1 in
      --nodes) nodes=${2:?--nodes needs a number}; shift 2 ;;
      --nodes=*) nodes=${1#*=}; shift ;;
      --real-node) real_node=1; shift ;;
      *) die "unknown option for up: $1" ;;
    esac
  done
  [[ $nodes =~ ^[1-9][0-9]*$ ]] || die "--nodes must be >= 1"
  command -v openssl >/dev/null || apt_install openssl

  if [[ $real_node == 1 ]]; then build_k8s kubelet; build_local_path; build_helm; build_traefik; else build_k8s; fi
  build_kwok
  build_etcd
  mkdir -p "$STATE" "$LOGS" "$PIDS"
  make_pki
  kubeconfig "$KUBECONFIG_PATH" admin
  guard_routes
  start_etcd
  start_apiserver
  start_controller_manager
  start_scheduler
  start_kwok
  create_nodes "$nodes"
  wait_for "$nodes Ready nodes" 60 nodes_ready "$nodes"
  # The token controller has run once the default ServiceAccount exists.
  wait_for "default ServiceAccount" 60 kc get serviceaccount default -n default
  if [[ $real_node == 1 ]]; then
    # shellcheck source=scripts/cluster/real-node.sh disable=SC1091
    source "$HERE/cluster/real-node.sh"
    real_node_up
  fi
  log "up in $((SECONDS - t0))s; KUBECONFIG=$KUBECONFIG_PATH"
}

COMPONENTS=(traefik local-path kubelet containerd kwok kube-scheduler kube-controller-manager kube-apiserver etcd)

bin_of() {
  case $1 in
    etcd) echo etcd ;;
    kwok) echo kwok ;;
    containerd) echo containerd ;;
    local-path) echo "local-path-provisioner-$LOCAL_PATH_VERSION" ;;
    traefik) echo "traefik-$TRAEFIK_VERSION" ;;
    *) echo "$BIN/$1" ;;
  esac
}

cmd_down() {
  local c
  if [[ ${1:-} == --real-node ]]; then
    # Remove only the real node; the control plane and kwok nodes stay.
    # shellcheck source=scripts/cluster/real-node.sh disable=SC1091
    source "$HERE/cluster/real-node.sh"
    real_node_down
    kc delete node "$REAL_NODE" --ignore-not-found >/dev/null
    rm -rf "$STATE/containerd" "$STATE/kubelet" "$STATE/cni"
    log "real node removed"
    return
  fi
  if [[ -f $HERE/cluster/real-node.sh ]]; then
    # shellcheck source=scripts/cluster/real-node.sh disable=SC1091
    source "$HERE/cluster/real-node.sh"
    real_node_down
  fi
  for c in "${COMPONENTS[@]}"; do stop "$c" "$(bin_of "$c")"; done
  unguard_routes
  rm -rf "$STATE"
  log "down"
}

cmd_status() {
  local c ok=0 pid
  for c in "${COMPONENTS[@]}"; do
    if pid=$(pid_of "$c" "$(bin_of "$c")"); then
      echo "$c: running (pid $pid)"
    elif [[ $c == kubelet || $c == containerd || $c == local-path || $c == traefik ]]; then
      continue
    else
      echo "$c: not running"
      ok=1
    fi
  done
  if ((ok == 0)) && api_ready >/dev/null 2>&1; then
    echo "apiserver: https://127.0.0.1:$API_PORT ready"
    local nodes
    nodes=$(kc get nodes --no-headers 2>/dev/null | awk '{print "node: " $1 " " $2}')
    echo "$nodes"
    # Healthy means every node is Ready too.
    [[ -n $nodes && $nodes != *NotReady* ]] || ok=1
  else
    echo "apiserver: not ready"
    ok=1
  fi
  echo "kubeconfig: $KUBECONFIG_PATH"
  echo "audit-log: $AUDIT_LOG"
  echo "logs: $LOGS"
  return $ok
}

# kubeconfig [--user NAME [--group GROUP]...]: the admin kubeconfig's path, or
# a kubeconfig for another client-certificate identity (no RBAC granted), e.g.
# to give the grader its own name in the audit log or a read-only role.
cmd_kubeconfig() {
  local user="" org=""
  while (($#)); do
    case $1 in
      --user) user=${2:?--user needs a name}; shift 2 ;;
      --group) org=${org:+$org/O=}${2:?--group needs a name}; shift 2 ;;
      *) die "unknown option for kubeconfig: $1" ;;
    esac
  done
  if [[ -z $user ]]; then echo "$KUBECONFIG_PATH"; return; fi
  [[ $user =~ ^[A-Za-z0-9:._-]+$ ]] || die "bad user name: $user"
  [[ -s $PKI/ca.key ]] || die "cluster is not up"
  local name=user-${user//:/_}
  cert "$name" "$user" "$org"
  kubeconfig "$STATE/kubeconfig-$name" "$name"
  echo "$STATE/kubeconfig-$name"
}

# One up/down/build at a time per cache (CI and a developer may overlap).
lock() {
  mkdir -p "$CACHE"
  exec 9>"$CACHE/cluster.lock"
  flock 9
}

case ${1:-} in
  up) shift; lock; cmd_up "$@" ;;
  down) shift; lock; cmd_down "$@" ;;
  status) cmd_status ;;
  kubeconfig) shift; cmd_kubeconfig "$@" ;;
  bindir) echo "$BIN" ;;
  load-image)
    shift
    (($#)) || die "usage: $0 load-image IMAGE..."
    # shellcheck source=scripts/cluster/real-node.sh disable=SC1091
    source "$HERE/cluster/real-node.sh"
    load_images "$@" ;;
  build) shift; lock; build_k8s "$@"; build_kwok; build_etcd; [[ " $* " != *" kubelet "* ]] || { build_local_path; build_helm; build_traefik; } ;;
  *) echo "usage: $0 up [--nodes N] [--real-node] | down [--real-node] | status | kubeconfig [--user NAME [--group G]] | bindir | load-image IMAGE..." >&2; exit 2 ;;
esac

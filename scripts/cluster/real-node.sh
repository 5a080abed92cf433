# shellcheck shell=bash
# Opt-in real node for scripts/cluster.sh (`up --real-node` or
# LAB_CLUSTER_REAL_NODE=1): a kubelet from the same release, backed by a private
# containerd instance (own socket, root and state, so dockerd's containerd is
# untouched), CNI bridge networking on a bridge created here, and a pause image
# built locally because no registry is reachable.
# Sourced by cluster.sh; uses its variables and helpers.

REAL_NODE=${LAB_CLUSTER_REAL_NODE_NAME:-$NAME-node}
# Pods and the node itself live on this bridge; nothing is routed off it (no
# masquerade, no default route in pods).
REAL_BRIDGE=labcni0
REAL_SUBNET=10.88.0.0/24
REAL_NODE_IP=10.88.0.1
PAUSE_IMAGE=registry.k8s.io/pause:3.10
# Fully qualified: the CRI looks images up by their normalized name.
HELLO_IMAGE=docker.io/lab-grader/hello:1
CTRD=$STATE/containerd
CTRD_SOCK=$CTRD/containerd.sock
KUBELET_DIR=$STATE/kubelet

ctr_() { ctr --address "$CTRD_SOCK" -n k8s.io "$@"; }

real_node_packages() {
  local pkgs=()
  command -v containerd >/dev/null || pkgs+=(containerd)
  command -v runc >/dev/null || pkgs+=(runc)
  [[ -x /usr/lib/cni/bridge ]] || pkgs+=(containernetworking-plugins)
  command -v iptables >/dev/null || pkgs+=(iptables) # for the portmap CNI plugin (hostPort)
  ((${#pkgs[@]} == 0)) || apt_install "${pkgs[@]}"
}

# oci_image NAME ROOTFS_DIR ENTRYPOINT_JSON OUT_TAR: a one-layer OCI image
# archive that `ctr images import` accepts.
oci_image() {
  local name=$1 rootfs=$2 entrypoint=$3 out=$4 dir cfg man ldig cdig mdig
  dir=$(mktemp -d)
  mkdir -p "$dir/blobs/sha256"
  tar -C "$rootfs" --owner=0 --group=0 --numeric-owner -cf "$dir/layer.tar" .
  ldig=$(sha256sum "$dir/layer.tar" | cut -d' ' -f1)
  mv "$dir/layer.tar" "$dir/blobs/sha256/$ldig"
  cfg="{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Entrypoint\":$entrypoint,\"Env\":[\"PATH=/\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:$ldig\"]}}"
  cdig=$(printf %s "$cfg" | sha256sum | cut -d' ' -f1)
  printf %s "$cfg" >"$dir/blobs/sha256/$cdig"
  man="{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:$cdig\",\"size\":${#cfg}},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:$ldig\",\"size\":$(stat -c %s "$dir/blobs/sha256/$ldig")}]}"
  mdig=$(printf %s "$man" | sha256sum | cut -d' ' -f1)
  printf %s "$man" >"$dir/blobs/sha256/$mdig"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%d,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
    "$mdig" "${#man}" "$name" "${name##*:}" >"$dir/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"
  tar -C "$dir" -cf "$out" oci-layout index.json blobs
  rm -rf "$dir"
}

# Static pause and hello binaries, packed as images; cached per source version.
node_images_dir() {
  echo "$BIN/../images/$(cat "$HERE/cluster/pause/main.go" "$HERE/cluster/hello/main.go" | sha256sum | cut -c1-12)"
}

build_node_images() {
  local img prog root
  img=$(node_images_dir)
  [[ -s $img/pause.tar && -s $img/hello.tar ]] && return 0
  need_go
  mkdir -p "$img"
  for prog in pause hello; do
    root=$(mktemp -d)
    chmod 755 "$root" # becomes the image's /
    (cd "$HERE/cluster/$prog" && GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0 GO111MODULE=off \
      go build -trimpath -ldflags='-s -w' -o "$root/$prog" main.go)
    if [[ $prog == pause ]]; then
      oci_image "$PAUSE_IMAGE" "$root" '["/pause"]' "$img/pause.tar"
    else
      oci_image "$HELLO_IMAGE" "$root" '["/hello"]' "$img/hello.tar"
    fi
    rm -rf "$root"
  done
}

real_node_pki() {
  cert "kubelet-$REAL_NODE" "system:node:$REAL_NODE" system:nodes
  cert "kubelet-serving-$REAL_NODE" "system:node:$REAL_NODE" system:nodes "IP:$REAL_NODE_IP,DNS:$REAL_NODE"
}

setup_bridge() {
  # Created up front so the kubelet has a local, non-loopback node IP that the
  # apiserver can reach for logs/exec/proxy; the CNI bridge plugin reuses it.
  if ! ip link show "$REAL_BRIDGE" >/dev/null 2>&1; then
    ip link add "$REAL_BRIDGE" type bridge
  fi
  [[ $(ip -4 addr show dev "$REAL_BRIDGE") == *"inet $REAL_NODE_IP/"* ]] ||
    ip addr add "$REAL_NODE_IP/24" dev "$REAL_BRIDGE"
  ip link set "$REAL_BRIDGE" up
  mkdir -p "$STATE/cni/net.d"
  cat >"$STATE/cni/net.d/10-lab.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "lab",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$REAL_BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": "$REAL_SUBNET", "gateway": "$REAL_NODE_IP"}]],
        "routes": [{"dst": "$SERVICE_IP/32"}],
        "dataDir": "$STATE/cni/ipam"
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
}

# A one-Service kube-proxy: the `kubernetes` Service's address (10.96.0.1:443, what the kubelet puts in
# every Pod's KUBERNETES_SERVICE_HOST/PORT) leads from this node's Pods to the API server, which
# listens on 127.0.0.1 only. The CNI config above routes it to the bridge; a DNAT sends it on to
# 127.0.0.1:API_PORT, which the kernel accepts from the bridge with route_localnet (as kube-proxy sets
# it for localhost NodePorts). The kubelet's KUBE-FIREWALL leaves DNAT'ed connections alone, and the
# API server's certificate has the Service IP as a SAN. Nothing else of 10.96.0.0/16 routes anywhere.
SERVICE_DNAT=(PREROUTING -i "$REAL_BRIDGE" -d "$SERVICE_IP/32" -p tcp --dport 443
  -m comment --comment "lab-grader: kubernetes Service for real-node pods"
  -j DNAT --to-destination "127.0.0.1:$API_PORT")

service_ip_up() {
  echo 1 >"/proc/sys/net/ipv4/conf/$REAL_BRIDGE/route_localnet"
  iptables -t nat -C "${SERVICE_DNAT[@]}" 2>/dev/null || iptables -t nat -A "${SERVICE_DNAT[@]}"
}

service_ip_down() {
  command -v iptables >/dev/null || return 0
  while iptables -t nat -D "${SERVICE_DNAT[@]}" 2>/dev/null; do :; done
}

start_containerd() {
  mkdir -p "$CTRD/root" "$CTRD/state"
  cat >"$CTRD/config.toml" <<EOF
version = 2
root = "$CTRD/root"
state = "$CTRD/state"
[grpc]
  address = "$CTRD_SOCK"
[ttrpc]
  address = "$CTRD_SOCK.ttrpc"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # The sandbox this runs in lacks CAP_SYS_RESOURCE, so runc cannot lower
  # oom_score_adj (pause gets -998, Guaranteed pods -997): "nsexec: failed to
  # update /proc/self/oom_score_adj: Permission denied". Clamp to our own (0).
  restrict_oom_score_adj = true
  enable_cdi = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$CTRD/certs.d"
EOF
  # No registry is reachable, and the network rule forbids trying: every pull from
  # Docker Hub (nginx:latest is always pulled, a missing tag too) goes to a closed
  # loopback port instead, and fails there with ErrImagePull, without a DNS lookup.
  mkdir -p "$CTRD/certs.d/docker.io"
  cat >"$CTRD/certs.d/docker.io/hosts.toml" <<EOF
server = "http://127.0.0.1:9"
[host."http://127.0.0.1:9"]
  capabilities = ["pull", "resolve"]
EOF
  start containerd "$(command -v containerd)" --config "$CTRD/config.toml"
  wait_for containerd 30 ctr_ version
}

# The stand-in images the labs run on the real node (images/, built by scripts/setup.sh).
NODE_IMAGES="nginx:1.22 nginx:1.22.1 nginx:latest mysql:5.7 busybox:1.36 busybox:latest debian:12"

import_images() {
  local img i want=()
  img=$(node_images_dir)
  ctr_ images import --all-platforms "$img/pause.tar" >/dev/null
  ctr_ images import --all-platforms "$img/hello.tar" >/dev/null
  # Images the project builds with Docker, if Docker has them and containerd does not yet: one
  # `docker save` for all of them, so the layers they share travel once.
  command -v docker >/dev/null || return 0
  for i in ${LAB_CLUSTER_IMAGES:-$NODE_IMAGES}; do
    ctr_ images ls -q "name==docker.io/library/$i" | grep -q . && continue
    docker image inspect "$i" >/dev/null 2>&1 && want+=("$i")
  done
  ((${#want[@]})) || return 0
  docker save "${want[@]}" | ctr_ images import - >/dev/null && log "imported ${want[*]} from docker"
}

# A real storage provisioner, as kind has: rancher's local-path-provisioner as a process on this
# machine (its own client certificate), StorageClass "standard" (default), volumes in the state dir.
start_local_path() {
  local volumes=$STATE/local-path-volumes
  mkdir -p "$volumes"
  cert local-path system:local-path-provisioner system:masters
  kubeconfig "$STATE/local-path.kubeconfig" local-path
  sed "s|@VOLUMES@|$volumes|" "$HERE/cluster/local-path/storage.yaml" | kc apply -f - >/dev/null
  start local-path "$BIN/local-path-provisioner-$LOCAL_PATH_VERSION" --debug start \
    --kubeconfig "$STATE/local-path.kubeconfig" --namespace local-path-storage \
    --service-account-name local-path-provisioner-service-account --helper-image busybox:1.36
}

start_kubelet() {
  mkdir -p "$KUBELET_DIR"
  kubeconfig "$STATE/kubelet.kubeconfig" "kubelet-$REAL_NODE"
  cat >"$STATE/kubelet-config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $REAL_NODE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $PKI/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $PKI/kubelet-serving-$REAL_NODE.crt
tlsPrivateKeyFile: $PKI/kubelet-serving-$REAL_NODE.key
containerRuntimeEndpoint: unix://$CTRD_SOCK
cgroupDriver: cgroupfs
# This machine is cgroup v1 (warned about in 1.34, fatal by default in 1.35+).
failCgroupV1: false
failSwapOn: false
# The disk is shared with builds; don't let eviction taint the node.
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
registerNode: true
serializeImagePulls: false
EOF
  start kubelet "$BIN/kubelet" \
    --config="$STATE/kubelet-config.yaml" \
    --kubeconfig="$STATE/kubelet.kubeconfig" \
    --root-dir="$KUBELET_DIR" \
    --hostname-override="$REAL_NODE" --node-ip="$REAL_NODE_IP" \
    --node-labels="lab-grader/real-node=true" \
    --v=1
}

real_node_ready() {
  [[ $(kc get node "$REAL_NODE" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}') == True ]]
}

real_node_up() {
  real_node_packages
  build_node_images
  real_node_pki
  setup_bridge
  service_ip_up
  start_containerd
  import_images
  start_kubelet
  wait_for "real node $REAL_NODE Ready" 120 real_node_ready
  start_local_path
}

# The kubelet leaves iptables chains behind (KUBE-FIREWALL drops non-local
# traffic to 127.0.0.0/8 in INPUT/OUTPUT); a test machine should get its
# firewall back as it was.
kubelet_iptables_cleanup() {
  local ipt t c
  for ipt in iptables ip6tables; do
    command -v "$ipt" >/dev/null || continue
    for t in filter nat mangle; do
      for c in KUBE-FIREWALL KUBE-KUBELET-CANARY KUBE-IPTABLES-HINT; do
        "$ipt" -t "$t" -n -L "$c" >/dev/null 2>&1 || continue
        while "$ipt" -t "$t" -D INPUT -j "$c" 2>/dev/null; do :; done
        while "$ipt" -t "$t" -D OUTPUT -j "$c" 2>/dev/null; do :; done
        "$ipt" -t "$t" -F "$c" 2>/dev/null || true
        "$ipt" -t "$t" -X "$c" 2>/dev/null || true
      done
    done
  done
}

real_node_down() {
  local t
  stop local-path "local-path-provisioner-$LOCAL_PATH_VERSION"
  if running kubelet "$BIN/kubelet" && api_ready >/dev/null 2>&1; then
    # Let the kubelet tear pods down (network, mounts) while it still can.
    kc delete pods -A --field-selector "spec.nodeName=$REAL_NODE" --wait=true --timeout=60s >/dev/null 2>&1 || true
  fi
  stop kubelet "$BIN/kubelet"
  if running containerd containerd; then
    for t in $(ctr_ tasks ls -q 2>/dev/null); do
      ctr_ tasks kill -s SIGKILL "$t" >/dev/null 2>&1 || true
    done
    sleep 1
    for t in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks delete -f "$t" >/dev/null 2>&1 || true; done
    for t in $(ctr_ containers ls -q 2>/dev/null); do ctr_ containers delete "$t" >/dev/null 2>&1 || true; done
  fi
  stop containerd containerd
  if [[ -d $KUBELET_DIR ]]; then kubelet_iptables_cleanup; fi
  # Anything still mounted under the state dir (pod volumes, rootfs) blocks rm -rf.
  awk -v s="$STATE/" 'index($2, s) == 1 {print $2}' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  service_ip_down
  ip link del "$REAL_BRIDGE" 2>/dev/null || true
}

# A local Docker image into the real node's containerd, as `kind load docker-image` does: the
# node's Pods then run it with imagePullPolicy IfNotPresent (any tag but latest) and no registry.
load_images() {
  local i
  running containerd containerd && ctr_ version >/dev/null 2>&1 || die "the real node is not up (scripts/cluster.sh up --real-node)"
  for i; do docker image inspect "$i" >/dev/null 2>&1 || die "Docker has no image $i (build it first)"; done
  docker save "$@" | ctr_ images import - >/dev/null
  log "loaded $* into $REAL_NODE"
}

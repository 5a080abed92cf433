// Build module for etcd, the test cluster's datastore. Debian 12's etcd 3.4
// works but lacks RequestWatchProgress, which kube-apiserver 1.34 uses for
// watch-list streaming and consistent reads from its cache, so clients would
// see different behaviour than on a kind cluster (etcd 3.6). etcd's server
// module replaces its sibling modules with ../...; pin them to the same release.
// scripts/cluster.sh copies this file into the cache dir and builds there.
module lab-grader/etcd-build

go 1.26.0

require go.etcd.io/etcd/server/v3 v3.5.35

replace (
	go.etcd.io/etcd/api/v3 => go.etcd.io/etcd/api/v3 v3.5.35
	go.etcd.io/etcd/client/pkg/v3 => go.etcd.io/etcd/client/pkg/v3 v3.5.35
	go.etcd.io/etcd/client/v2 => go.etcd.io/etcd/client/v2 v2.305.35
	go.etcd.io/etcd/client/v3 => go.etcd.io/etcd/client/v3 v3.5.35
	go.etcd.io/etcd/pkg/v3 => go.etcd.io/etcd/pkg/v3 v3.5.35
	go.etcd.io/etcd/raft/v3 => go.etcd.io/etcd/raft/v3 v3.5.35
)

#!/bin/sh
# Lab 3 verified the way lab platforms' verify scripts do it: one `kubectl get -o jsonpath` per
# fact, then the page through the API server's pod proxy. Exit 0 when everything holds, 1 at the first miss.
ns=${LAB_NS:-lab3} pod=nginx-pod
fail() { echo "FAIL: $*"; exit 1; }
get() { kubectl get pod "$pod" -n "$ns" -o jsonpath="$1" 2>/dev/null; }

kubectl get pod "$pod" -n "$ns" >/dev/null 2>&1 || fail "pod $pod does not exist in $ns"
[ "$(get '{.metadata.namespace}')" != default ] || fail "$pod is in the default namespace"
[ "$(get '{.status.phase}')" = Running ] || fail "$pod is not Running"
[ "$(get '{.status.conditions[?(@.type=="Ready")].status}')" = True ] || fail "$pod is not Ready"
image=$(get '{.spec.containers[0].image}')
case $image in
  nginx | nginx:latest | */nginx | */nginx:latest) fail "image $image does not pin a version" ;;
  nginx:* | */nginx:* | nginx@* | */nginx@*) ;;
  *) fail "image $image is not nginx" ;;
esac
get '{.spec.containers[*].ports[*].containerPort}' | tr ' ' '\n' | grep -qx 80 || fail "port 80 is not declared"
kubectl get --raw "/api/v1/namespaces/$ns/pods/$pod:80/proxy/" 2>/dev/null | grep -q 'Welcome to nginx!' || fail "nginx does not serve its page"
echo "OK: lab 3"

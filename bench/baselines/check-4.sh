#!/bin/sh
# Lab 4 verified the way lab platforms' verify scripts do it: one `kubectl get -o jsonpath` per
# fact. Exit 0 when everything holds, 1 at the first miss.
ns=${LAB_NS:-lab4} ds=nginx-ds
fail() { echo "FAIL: $*"; exit 1; }
get() { kubectl get daemonset "$ds" -n "$ns" -o jsonpath="$1" 2>/dev/null; }

kubectl get daemonset "$ds" -n "$ns" >/dev/null 2>&1 || fail "daemonset $ds does not exist in $ns"
[ "$(get '{.metadata.namespace}')" != default ] || fail "$ds is in the default namespace"
image=$(get '{.spec.template.spec.containers[0].image}')
case ${image##*/} in
  *@*) ;;
  *:latest) fail "image $image does not pin a version" ;;
  *:*) ;;
  *) fail "image $image does not pin a version" ;;
esac
# Every matchLabels pair must be among the template's labels.
keys=$(get '{.spec.selector.matchLabels}')
labels=$(get '{.spec.template.metadata.labels}')
[ -n "$keys" ] || fail "the selector has no matchLabels"
for pair in $(printf '%s' "$keys" | tr -d '{}"' | tr ',' ' '); do
  printf '%s' "$labels" | tr -d '{}"' | tr ',' '\n' | grep -qxF "$pair" || fail "selector $pair does not match the template's labels"
done
nodes=$(kubectl get nodes --no-headers 2>/dev/null | wc -l)
[ "$(get '{.status.desiredNumberScheduled}')" = "$nodes" ] || fail "the DaemonSet does not cover all $nodes nodes"
[ "$(get '{.status.numberReady}')" = "$nodes" ] || fail "not every Pod is ready"
echo "OK: lab 4"

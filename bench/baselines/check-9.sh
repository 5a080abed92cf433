#!/bin/sh
# Lab 9 verified the way lab platforms' verify scripts do it: one `kubectl get -o jsonpath` per
# fact (no login: that needs a port-forward, which lab check does only with --deep).
# Exit 0 when everything holds, 1 at the first miss.
ns=${LAB_NS:-lab9} name=mimysql
fail() { echo "FAIL: $*"; exit 1; }
get() { kubectl get statefulset "$name" -n "$ns" -o jsonpath="$1" 2>/dev/null; }

kubectl get statefulset "$name" -n "$ns" >/dev/null 2>&1 || fail "statefulset $name does not exist in $ns"
[ "$(get '{.metadata.namespace}')" != default ] || fail "$name is in the default namespace"
image=$(get '{.spec.template.spec.containers[0].image}')
case ${image##*/} in
  *@*) ;;
  *:latest) fail "image $image does not pin a version" ;;
  *:*) ;;
  *) fail "image $image does not pin a version" ;;
esac
service=$(get '{.spec.serviceName}')
[ "$(kubectl get service "$service" -n "$ns" -o jsonpath='{.spec.clusterIP}' 2>/dev/null)" = None ] || fail "service $service is not headless"
labels=$(get '{.spec.template.metadata.labels}' | tr -d '{}"' | tr ',' '\n' | sed 's/:/=/')
for pair in $(kubectl get service "$service" -n "$ns" -o jsonpath='{.spec.selector}' | tr -d '{}"' | tr ',' ' ' | sed 's/:/=/g'); do
  printf '%s\n' "$labels" | grep -qxF "$pair" || fail "service selector $pair does not match the Pods' labels"
done
claim=$(get '{.spec.volumeClaimTemplates[0].metadata.name}')
[ -n "$claim" ] || fail "no volumeClaimTemplates"
[ "$(get '{.spec.template.spec.containers[0].volumeMounts[?(@.mountPath=="/var/lib/mysql")].name}')" = "$claim" ] || fail "/var/lib/mysql is not the claim $claim"
replicas=$(get '{.spec.replicas}')
i=0
while [ "$i" -lt "$replicas" ]; do
  [ "$(kubectl get pvc "$claim-$name-$i" -n "$ns" -o jsonpath='{.status.phase}' 2>/dev/null)" = Bound ] || fail "claim $claim-$name-$i is not Bound"
  i=$((i + 1))
done
[ -z "$(get '{.spec.template.spec.containers[0].env[?(@.name=="MYSQL_ROOT_PASSWORD")].value}')" ] || fail "the root password is written in the manifest"
[ -n "$(get '{.spec.template.spec.containers[0].env[?(@.name=="MYSQL_ROOT_PASSWORD")].valueFrom.secretKeyRef.name}')" ] || fail "the root password does not come from a Secret"
[ "$replicas" = 2 ] || fail "not 2 replicas"
[ "$(get '{.status.readyReplicas}')" = "$replicas" ] || fail "not every replica is ready"
echo "OK: lab 9"

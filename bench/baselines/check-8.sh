#!/bin/sh
# Lab 8 verified the way lab platforms' verify scripts do it: one `kubectl get -o jsonpath` per
# fact, then the page through the API server's service proxy and each Pod's pod proxy.
# Exit 0 when everything holds, 1 at the first miss.
ns=${LAB_NS:-lab8} name=miweb
fail() { echo "FAIL: $*"; exit 1; }
get() { kubectl get deployment "$name" -n "$ns" -o jsonpath="$1" 2>/dev/null; }
svc() { kubectl get service "$name" -n "$ns" -o jsonpath="$1" 2>/dev/null; }

kubectl get deployment "$name" -n "$ns" >/dev/null 2>&1 || fail "deployment $name does not exist in $ns"
[ "$(get '{.metadata.namespace}')" != default ] || fail "$name is in the default namespace"
image=$(get '{.spec.template.spec.containers[0].image}')
case ${image##*/} in
  *@*) ;;
  *:latest) fail "image $image does not pin a version" ;;
  *:*) ;;
  *) fail "image $image does not pin a version" ;;
esac
[ "$(get '{.spec.replicas}')" = 3 ] || fail "the deployment does not ask for 3 replicas"
[ "$(get '{.status.availableReplicas}')" = 3 ] || fail "not 3 replicas available"
spread=$(get '{range .spec.template.spec.topologySpreadConstraints[*]}{.topologyKey}/{.whenUnsatisfiable}{"\n"}{end}')
anti=$(get '{.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[*].topologyKey}')
printf '%s\n%s\n' "$spread" "$anti" | grep -qE '^kubernetes.io/hostname(/DoNotSchedule)?$' || fail "no rule spreads the Pods over nodes"
selector=$(get '{.spec.selector.matchLabels}' | tr -d '{}"' | tr ',' '\n' | sed 's/:/=/' | paste -sd, -)
nodes=$(kubectl get pods -n "$ns" -l "$selector" -o jsonpath='{range .items[*]}{.spec.nodeName}{"\n"}{end}' | sort -u | wc -l)
[ "$nodes" -ge 2 ] || fail "the Pods are on $nodes node(s)"
[ -n "$(get '{.spec.template.spec.containers[0].readinessProbe}')" ] || fail "no readiness probe"
kubectl get service "$name" -n "$ns" >/dev/null 2>&1 || fail "service $name does not exist in $ns"
labels=$(get '{.spec.template.metadata.labels}' | tr -d '{}"' | tr ',' '\n' | sed 's/:/=/')
for pair in $(svc '{.spec.selector}' | tr -d '{}"' | tr ',' ' ' | sed 's/:/=/g'); do
  printf '%s\n' "$labels" | grep -qxF "$pair" || fail "service selector $pair does not match the Pods' labels"
done
ready=$(kubectl get endpointslices -n "$ns" -l "kubernetes.io/service-name=$name" -o jsonpath='{range .items[*].endpoints[?(@.conditions.ready==true)]}x{"\n"}{end}' | grep -c x)
[ "$ready" = 3 ] || fail "the service has $ready ready endpoints, not 3"
port=$(kubectl get endpointslices -n "$ns" -l "kubernetes.io/service-name=$name" -o jsonpath='{.items[0].ports[0].port}')
[ "$port" = 80 ] || fail "the endpoints are on port $port, not 80"
kubectl get --raw "/api/v1/namespaces/$ns/services/$name:80/proxy/" 2>/dev/null | grep -q 'Welcome to nginx!' || fail "the web does not answer through the service"
serving=0
for pod in $(kubectl get pods -n "$ns" -l "$selector" -o jsonpath='{.items[*].metadata.name}'); do
  kubectl get --raw "/api/v1/namespaces/$ns/pods/$pod:80/proxy/" 2>/dev/null | grep -q 'Welcome to nginx!' && serving=$((serving + 1))
done
[ "$serving" -ge 2 ] || fail "only $serving Pod(s) serve the page"
echo "OK: lab 8"

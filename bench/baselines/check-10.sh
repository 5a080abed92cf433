#!/bin/sh
# Lab 10 verified the way lab platforms' verify scripts do it: one `kubectl get -o jsonpath` per
# fact, then the page through the API server's pod proxy. Exit 0 when everything holds, 1 at the first miss.
ns=${LAB_NS:-lab10} cm=miweb-config key=mensaje pod=miweb
fail() { echo "FAIL: $*"; exit 1; }
get() { kubectl get pod "$pod" -n "$ns" -o jsonpath="$1" 2>/dev/null; }

kubectl get configmap "$cm" -n "$ns" >/dev/null 2>&1 || fail "configmap $cm does not exist in $ns"
[ "$(kubectl get configmap "$cm" -n "$ns" -o jsonpath='{.metadata.namespace}')" != default ] || fail "$cm is in the default namespace"
value=$(kubectl get configmap "$cm" -n "$ns" -o jsonpath="{.data.$key}")
[ -n "$value" ] || fail "configmap $cm has no key $key"
kubectl get pod "$pod" -n "$ns" >/dev/null 2>&1 || fail "pod $pod does not exist in $ns"
for image in $(get '{.spec.initContainers[*].image} {.spec.containers[*].image}'); do
  case ${image##*/} in
    *@*) ;;
    *:latest) fail "image $image does not pin a version" ;;
    *:*) ;;
    *) fail "image $image does not pin a version" ;;
  esac
done
volumes=$(get '{range .spec.volumes[?(@.configMap.name=="'$cm'")]}{.name}{"\n"}{end}')
mounted=$(get '{.spec.initContainers[*].volumeMounts[*].name}')
env=$(get '{.spec.initContainers[*].env[*].valueFrom.configMapKeyRef.name} {.spec.initContainers[*].envFrom[*].configMapRef.name}')
used=no
for v in $volumes; do printf '%s\n' $mounted | grep -qxF "$v" && used=yes; done
printf '%s\n' $env | grep -qxF "$cm" && used=yes
[ $used = yes ] || fail "the init container does not read configmap $cm"
html=$(get '{.spec.containers[0].volumeMounts[?(@.mountPath=="/usr/share/nginx/html")].name}')
[ -n "$html" ] || fail "nothing is mounted at /usr/share/nginx/html"
[ -n "$(get '{.spec.volumes[?(@.name=="'$html'")].emptyDir}')" ] || fail "$html is not an emptyDir"
[ "$(get '{.status.initContainerStatuses[0].state.terminated.exitCode}')" = 0 ] || fail "the init container did not end with exit code 0"
kubectl get --raw "/api/v1/namespaces/$ns/pods/$pod:80/proxy/" 2>/dev/null | grep -qF "$value" || fail "the page does not show the configmap's value"
echo "OK: lab 10"

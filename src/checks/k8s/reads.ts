// The reads each Kubernetes check kind makes, declared up front: `lab doctor` asks the cluster
// whether the grader may make them (RBAC), and `lab watch` WATCHes the kinds they list.
import type { LabSpec } from '../../spec/types.js';
import type { ListedKind } from '../../targets/kubernetes.js';

/** A read the grader makes, as a SelfSubjectAccessReview asks it. */
export interface Read {
  verb: 'list' | 'get';
  resource: string;
  group?: string;
  subresource?: string;
  namespace?: string;
}

export const readText = (r: Read) =>
  `${r.verb} ${r.group ? `${r.group}/` : ''}${r.resource}${r.subresource ? `/${r.subresource}` : ''}${r.namespace ? ` (${r.namespace})` : ''}`;

/**
 * Reads that a check kind makes besides the LISTs every Kubernetes lab makes (pods, events and the
 * apps workloads, in the lab's namespace and in default). A kind that reads something else says so
 * here, so that `lab doctor` asks for it.
 */
const STATEFULSETS = { verb: 'list', resource: 'statefulsets', group: 'apps' } as const;
const KIND_READS: Record<string, (Omit<Read, 'namespace'> & { clusterWide?: boolean })[]> = {
  'k8s.daemonset-selector': [],
  'k8s.daemonset-on-every-node': [{ verb: 'list', resource: 'nodes', clusterWide: true }],
  'k8s.daemonset-ready': [],
  'k8s.pod-http': [{ verb: 'get', resource: 'pods', subresource: 'proxy' }],
  // lab 8 (deployment)
  'k8s.replicas': [],
  'k8s.spread': [{ verb: 'list', resource: 'nodes', clusterWide: true }],
  'k8s.readiness-probe': [],
  'k8s.service-selects': [{ verb: 'list', resource: 'services' }],
  'k8s.service-endpoints': [
    { verb: 'list', resource: 'services' },
    { verb: 'list', resource: 'endpointslices', group: 'discovery.k8s.io' },
  ],
  'k8s.service-http': [
    { verb: 'list', resource: 'services' },
    { verb: 'list', resource: 'endpointslices', group: 'discovery.k8s.io' },
    { verb: 'get', resource: 'services', subresource: 'proxy' },
    { verb: 'get', resource: 'pods', subresource: 'proxy' },
  ],
  // Lab 10
  'k8s.configmap-key': [{ verb: 'list', resource: 'configmaps' }],
  'k8s.init-uses-configmap': [{ verb: 'list', resource: 'configmaps' }],
  'k8s.init-completed': [{ verb: 'list', resource: 'configmaps' }, { verb: 'get', resource: 'pods', subresource: 'log' }],
  'k8s.serves-configmap-value': [{ verb: 'list', resource: 'configmaps' }, { verb: 'get', resource: 'pods', subresource: 'proxy' }],
  'k8s.headless-service': [STATEFULSETS, { verb: 'list', resource: 'services' }],
  'k8s.statefulset-storage': [STATEFULSETS, { verb: 'list', resource: 'persistentvolumeclaims' }],
  'k8s.statefulset-ready': [STATEFULSETS],
  'k8s.secret-env': [STATEFULSETS, { verb: 'list', resource: 'configmaps' }],
  // Lab 12 (helm): read from the objects, never from the release's Secret; the chart through the helm CLI, offline.
  'k8s.helm-release': [{ verb: 'list', resource: 'services' }],
  'k8s.helm-chart-label': [{ verb: 'list', resource: 'services' }],
  'k8s.workload-image': [],
  'k8s.helm-chart': [{ verb: 'list', resource: 'services' }],
};

/** What a check's `kind` param (k8s.exists, not-in-default…) lists, beyond pods and the apps workloads. */
const OBJECT_LISTS: Record<string, { resource: string; group?: string }> = {
  statefulset: { resource: 'statefulsets', group: 'apps' },
  service: { resource: 'services' },
  configmap: { resource: 'configmaps' },
};

/** What a Kubernetes lab's checks read (README, "What the grader needs on a cluster"). */
export function readsOf(lab: LabSpec): Read[] {
  const kinds = new Set(lab.checks.map((c) => c.kind));
  const namespace = lab.namespace ?? 'default';
  const namespaces = [...new Set([namespace, 'default'])];
  const reads: Read[] = [];
  for (const ns of namespaces) {
    for (const resource of ['pods', 'events']) reads.push({ verb: 'list', resource, namespace: ns });
    for (const resource of ['daemonsets', 'deployments', 'replicasets']) reads.push({ verb: 'list', resource, group: 'apps', namespace: ns });
  }
  // A check about an object of another kind (a Service, a StatefulSet, a ConfigMap) lists that kind,
  // in the lab's namespace and, for the hint about an object left there, in default.
  for (const check of lab.checks) {
    const objectKind = (check.params as { kind?: unknown }).kind;
    const listed = typeof objectKind === 'string' ? OBJECT_LISTS[objectKind] : undefined;
    if (listed) for (const ns of namespaces) reads.push({ verb: 'list', ...listed, namespace: ns });
  }
  const unique = new Map(reads.map((r) => [readText(r), r]));
  reads.length = 0;
  reads.push(...unique.values());
  const seen = new Set(unique.keys());
  for (const kind of kinds) {
    for (const { clusterWide, ...read } of KIND_READS[kind] ?? []) {
      const r: Read = clusterWide ? read : { ...read, namespace };
      if (seen.has(readText(r))) continue;
      seen.add(readText(r));
      reads.push(r);
    }
  }
  return reads;
}


const LISTED = new Set(['pods', 'daemonsets', 'deployments', 'replicasets', 'statefulsets', 'services', 'endpointslices', 'persistentvolumeclaims', 'configmaps', 'events', 'nodes']);

/**
 * The kinds a lab's checks list, and the namespaces they list them in, for `lab watch` to WATCH:
 * the lab's namespace (or --namespace) and default.
 */
export function watchedOf(lab: LabSpec, namespace = lab.namespace ?? 'default'): { kinds: ListedKind[]; namespaces: string[] } {
  const kinds = new Set<ListedKind>();
  for (const r of readsOf(lab)) if (r.verb === 'list' && !r.subresource && LISTED.has(r.resource)) kinds.add(r.resource as ListedKind);
  return { kinds: [...kinds], namespaces: [...new Set([namespace, 'default'])] };
}

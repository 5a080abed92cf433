// What a check read on its last run, as keys a change can be matched against. The keys come
// from the target's own read methods, so they cannot drift from what a check kind really does;
// `lab doctor` (checks/k8s/reads.ts) declares the same reads up front, for RBAC and for which
// kinds `lab watch` watches.
import type { DockerTarget } from '../targets/docker.js';
import type { KubeTarget, ListedKind } from '../targets/kubernetes.js';
import { isClusterKind } from '../targets/kube-kinds.js';

/**
 * `k8s:<kind>/<namespace>` (nodes: `k8s:nodes/`), `container:<name>`, `container-id:<id>`,
 * `containers` (the list of all), `network:<name>`, `networks`, `image:<id>`.
 */
export type ReadKey = string;

export const kubeKey = (kind: ListedKind, namespace = 'default'): ReadKey => `k8s:${kind}/${isClusterKind(kind) ? '' : namespace}`;

/** The cluster as one check sees it: every read is recorded. Behaviour (a proxied GET, a log) depends on the Pods behind it. */
export function recordingKube(kube: KubeTarget, record: (key: ReadKey) => void): KubeTarget {
  const wrapped: Partial<KubeTarget> = {
    list: (kind, namespace, maxAgeMs) => {
      record(kubeKey(kind, namespace));
      return kube.list(kind, namespace, maxAgeMs);
    },
    podProxyGet: (namespace, ...rest) => {
      record(kubeKey('pods', namespace));
      return kube.podProxyGet(namespace, ...rest);
    },
    serviceProxyGet: (namespace, ...rest) => {
      for (const kind of ['services', 'endpointslices', 'pods'] as const) record(kubeKey(kind, namespace));
      return kube.serviceProxyGet(namespace, ...rest);
    },
    podLog: (namespace, ...rest) => {
      record(kubeKey('pods', namespace));
      return kube.podLog(namespace, ...rest);
    },
    forwardPort: (namespace, ...rest) => {
      record(kubeKey('pods', namespace));
      return kube.forwardPort(namespace, ...rest);
    },
  };
  return proxy(kube, wrapped);
}

/** The engine as one check sees it: every container, network and image it asks about is recorded. */
export function recordingDocker(docker: DockerTarget, record: (key: ReadKey) => void): DockerTarget {
  const container = (name: string) => record(`container:${name}`);
  const wrapped: Partial<DockerTarget> = {
    inspect: (name) => {
      container(name);
      return docker.inspect(name).then((info) => {
        // Network and volume events name a container by its ID only.
        if (info) record(`container-id:${info.Id}`);
        return info;
      });
    },
    top: (name) => (container(name), docker.top(name)),
    logTail: (name, lines) => (container(name), docker.logTail(name, lines)),
    pathStat: (name, path) => (container(name), docker.pathStat(name, path)),
    containers: () => (record('containers'), docker.containers()),
    containerNames: () => (record('containers'), docker.containerNames()),
    network: (name) => (record(`network:${name}`), docker.network(name)),
    networks: () => (record('networks'), docker.networks()),
    image: (id) => (record(`image:${id}`), docker.image(id)),
    history: (id) => (record(`image:${id}`), docker.history(id)),
  };
  // A check that goes to the raw client (after an inspect) lists networks at most (env-host-address).
  return proxy(docker, wrapped, () => record('networks'));
}

function proxy<T extends object>(target: T, wrapped: Partial<T>, onRaw?: () => void): T {
  return new Proxy(target, {
    get(t, prop) {
      if (prop in wrapped) return wrapped[prop as keyof T];
      if (prop === 'docker') onRaw?.();
      const value = Reflect.get(t, prop, t) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}

/**
 * The checks a change concerns: those that read one of `keys` (a key ending in `/` or `*` is a
 * prefix), those whose reads are unknown (never run, or stopped before reading), and every
 * check that depends on one of them.
 */
export function affectedChecks(
  checks: readonly { id: string; dependsOn: readonly string[] }[],
  reads: ReadonlyMap<string, ReadonlySet<ReadKey>>,
  keys: readonly ReadKey[],
): Set<string> {
  const hit = (key: ReadKey) => keys.some((k) => (k.endsWith('*') ? key.startsWith(k.slice(0, -1)) : key === k));
  const affected = new Set(checks.filter((c) => {
    const r = reads.get(c.id);
    return !r || r.size === 0 || [...r].some(hit);
  }).map((c) => c.id));
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of checks) {
      if (!affected.has(c.id) && c.dependsOn.some((d) => affected.has(d))) {
        affected.add(c.id);
        grew = true;
      }
    }
  }
  return affected;
}

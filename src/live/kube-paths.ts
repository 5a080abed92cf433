import type { ListedKind } from '../targets/kubernetes.js';
import { isClusterKind } from '../targets/kube-kinds.js';

const GROUP: Record<ListedKind, string> = {
  pods: '/api/v1',
  events: '/api/v1',
  services: '/api/v1',
  persistentvolumeclaims: '/api/v1',
  configmaps: '/api/v1',
  nodes: '/api/v1',
  daemonsets: '/apis/apps/v1',
  deployments: '/apis/apps/v1',
  replicasets: '/apis/apps/v1',
  statefulsets: '/apis/apps/v1',
  endpointslices: '/apis/discovery.k8s.io/v1',
  ingresses: '/apis/networking.k8s.io/v1',
  ingressclasses: '/apis/networking.k8s.io/v1',
};

/** The API path a WATCH of a kind asks: in one namespace, or across all of them (undefined). */
export function watchPath(kind: ListedKind, namespace?: string): string {
  if (isClusterKind(kind) || namespace === undefined) return `${GROUP[kind]}/${kind}`;
  return `${GROUP[kind]}/namespaces/${encodeURIComponent(namespace)}/${kind}`;
}

import type { ListedKind } from './kubernetes.js';

/** Kinds that live outside namespaces: one LIST for the whole cluster. (Kept apart from kubernetes.ts, which loads the client.) */
export type ClusterKind = 'nodes' | 'ingressclasses';
export const isClusterKind = (kind: ListedKind): kind is ClusterKind => kind === 'nodes' || kind === 'ingressclasses';

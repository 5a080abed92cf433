import { TargetError } from '../../errors.js';
import type { CheckContext } from '../types.js';
import { fail, type Outcome } from '../types.js';
import type { KubeObject, ListedKind } from '../../targets/kubernetes.js';

/** The workloads a lab can ask for, by the name used in params. */
export const WORKLOADS = {
  pod: 'pods',
  daemonset: 'daemonsets',
  deployment: 'deployments',
  statefulset: 'statefulsets',
  service: 'services',
  configmap: 'configmaps',
  ingress: 'ingresses',
} as const satisfies Record<string, ListedKind>;
export type Workload = keyof typeof WORKLOADS;

/** The kind and apiVersion a manifest writes for each of them. */
export const MANIFEST_KINDS = {
  pod: { kind: 'Pod', apiVersion: 'v1' },
  daemonset: { kind: 'DaemonSet', apiVersion: 'apps/v1' },
  deployment: { kind: 'Deployment', apiVersion: 'apps/v1' },
  statefulset: { kind: 'StatefulSet', apiVersion: 'apps/v1' },
  service: { kind: 'Service', apiVersion: 'v1' },
  configmap: { kind: 'ConfigMap', apiVersion: 'v1' },
  ingress: { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1' },
} as const satisfies Record<Workload, { kind: string; apiVersion: string }>;

export const workloadParams = {
  type: 'object',
  required: ['kind', 'name'],
  additionalProperties: false,
  properties: {
    kind: { enum: Object.keys(WORKLOADS), description: 'The kind of object, by its lowercase name' },
    name: { type: 'string', minLength: 1 },
  },
} as const;

export const daemonsetParams = {
  type: 'object',
  required: ['daemonset'],
  additionalProperties: false,
  properties: { daemonset: { type: 'string', minLength: 1 } },
} as const;

export interface WorkloadRef { kind: Workload; name: string }

/** The shared LIST of a kind; fresh data (under a second old) when the check is being retried. */
export async function list(ctx: CheckContext, kind: ListedKind, namespace?: string): Promise<KubeObject[]> {
  return (await ctx.kube()).list(kind, namespace, ctx.attempt > 1 ? 1000 : Infinity);
}

export async function findObject(ctx: CheckContext, ref: WorkloadRef): Promise<KubeObject | undefined> {
  const items = await list(ctx, WORKLOADS[ref.kind], ctx.namespace);
  return items.find((o) => o.metadata?.name === ref.name);
}

/** The object, or the failure a check reports when it is not in the namespace being graded. */
export async function requireObject(ctx: CheckContext, ref: WorkloadRef): Promise<KubeObject | Outcome> {
  return (await findObject(ctx, ref)) ?? fail(ctx.t('k8s.missing', { kind: ref.kind, name: ref.name, namespace: ctx.namespace }), { expected: `${ctx.namespace}/${ref.name}`, actual: '∅' });
}

/**
 * Whether an object of that name sits in namespace default, for a hint; undefined when that
 * cannot be told apart from someone else's object or may not be read. Grading a class, an
 * object in default belongs to no student in particular; a student grading themselves with
 * the Role of manifests/student.yaml may not read default, and need not: no verdict rests on it.
 */
export async function foundInDefault(ctx: CheckContext, ref: WorkloadRef): Promise<boolean | undefined> {
  if (ctx.namespace === 'default' || (await ctx.kube()).clusterWide) return undefined;
  try {
    return (await list(ctx, WORKLOADS[ref.kind], 'default')).some((o) => o.metadata?.name === ref.name);
  } catch (err) {
    if (err instanceof TargetError && (err.cause as { code?: unknown } | undefined)?.code === 403) return undefined;
    throw err;
  }
}

export const isOutcome = (x: KubeObject | Outcome): x is Outcome => 'status' in x && typeof (x as Outcome).status === 'string';

/**
 * The Pod spec of a Pod, or of a controller's Pod template. Told apart by shape, because
 * the items of a LIST carry no `kind`.
 */
export function podSpecOf(obj: { spec?: any }): { containers: Container[]; initContainers?: Container[]; tolerations?: Toleration[]; nodeSelector?: Record<string, string> } {
  return (obj.spec?.template ? obj.spec.template.spec : obj.spec) ?? { containers: [] };
}

export interface Container { name: string; image?: string; ports?: { containerPort: number; protocol?: string }[] }
export interface Toleration { key?: string; operator?: string; value?: string; effect?: string }
export interface Taint { key: string; value?: string; effect: string }

import type { KubeObject } from '../../targets/kubernetes.js';
import { closest } from '../similar.js';
import type { CheckContext, Outcome } from '../types.js';
import { fail } from '../types.js';
import { foundInDefault, list, podSpecOf, type Container } from './objects.js';

/**
 * A lab that lets the student choose between a bare Pod and a Deployment names one workload,
 * and its checks grade "the Pods it runs": the Pod itself, or the Deployment's current Pods.
 */
export interface Workload {
  kind: 'pod' | 'deployment';
  obj: KubeObject;
}

export const workloadNameParams = {
  type: 'object',
  required: ['workload'],
  additionalProperties: false,
  properties: { workload: { type: 'string', minLength: 1, description: 'A Pod of that name, or a Deployment of that name (its current Pods)' } },
} as const;

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
}

export interface Volume {
  name: string;
  emptyDir?: object;
  configMap?: { name?: string; items?: { key: string; path: string }[]; optional?: boolean };
  projected?: { sources?: { configMap?: { name?: string; items?: { key: string; path: string }[] } }[] };
}

export const specOf = (w: Workload): PodSpec => podSpecOf(w.obj) as PodSpec;

/** The Pod named `name`, else the Deployment named `name`. */
export async function findWorkload(ctx: CheckContext, name: string): Promise<Workload | undefined> {
  const pod = (await list(ctx, 'pods', ctx.namespace)).find((o) => o.metadata?.name === name);
  if (pod) return { kind: 'pod', obj: pod };
  const deployment = (await list(ctx, 'deployments', ctx.namespace)).find((o) => o.metadata?.name === name);
  return deployment ? { kind: 'deployment', obj: deployment } : undefined;
}

/** The workload, or the failure that says it is not there and where it might be instead. */
export async function requireWorkload(ctx: CheckContext, name: string): Promise<Workload | Outcome> {
  const found = await findWorkload(ctx, name);
  if (found) return found;
  const hints: string[] = [];
  const here = [...(await list(ctx, 'pods', ctx.namespace)), ...(await list(ctx, 'deployments', ctx.namespace))]
    .filter((o) => !(o.metadata?.ownerReferences ?? []).length)
    .map((o) => o.metadata!.name!);
  const near = closest(name, here);
  if (near.length) hints.push(ctx.t('k8s.didYouMean', { names: near.join(', '), name }));
  for (const kind of ['pod', 'deployment'] as const) {
    if (await foundInDefault(ctx, { kind, name })) {
      hints.push(ctx.t('k8s.inDefault', { kind, name, namespace: ctx.namespace }));
      break;
    }
  }
  if (hints.length === 0) hints.push(ctx.t('k8s.applyHint', { namespace: ctx.namespace }));
  return fail(ctx.t('k8s.noWorkload', { name, namespace: ctx.namespace }), {
    expected: ctx.t('k8s.workloadExpected', { name, namespace: ctx.namespace }),
    actual: here.length ? here.join(', ') : ctx.t('k8s.nothingThere', { namespace: ctx.namespace }),
    hint: hints.join('\n'),
  });
}

const revision = (rs: KubeObject) => Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
const ownedBy = (o: KubeObject, uid: string | undefined) => (o.metadata?.ownerReferences ?? []).some((r) => r.uid === uid);

/**
 * A Deployment's current Pods: those of its newest ReplicaSet (highest revision), not being deleted.
 * During a rollout the old ones are on their way out and say nothing about the new template.
 */
export function deploymentPods(deployment: KubeObject, replicasets: KubeObject[], pods: KubeObject[]): KubeObject[] {
  const own = replicasets.filter((rs) => ownedBy(rs, deployment.metadata?.uid));
  if (own.length === 0) return [];
  const current = own.reduce((a, b) => (revision(b) > revision(a) ? b : a));
  return pods.filter((p) => ownedBy(p, current.metadata?.uid) && !p.metadata?.deletionTimestamp);
}

/** The Pods the workload runs now: the Pod itself, or the Deployment's current Pods. */
export async function workloadPods(ctx: CheckContext, w: Workload): Promise<KubeObject[]> {
  if (w.kind === 'pod') return [w.obj];
  return deploymentPods(w.obj, await list(ctx, 'replicasets', ctx.namespace), await list(ctx, 'pods', ctx.namespace));
}

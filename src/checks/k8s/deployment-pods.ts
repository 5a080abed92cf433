import type { KubeObject } from '../../targets/kubernetes.js';
import type { CheckContext } from '../types.js';
import { list } from './objects.js';
import { isReady, stuck } from './pod-phase.js';

/** The Pods of a Deployment (through its ReplicaSets), leaving out those on their way out. */
export function ownedPods(deployment: KubeObject, replicasets: KubeObject[], pods: KubeObject[]): KubeObject[] {
  const mine = new Set(
    replicasets.filter((rs) => (rs.metadata?.ownerReferences ?? []).some((o) => o.uid === deployment.metadata?.uid)).map((rs) => rs.metadata?.uid),
  );
  return pods.filter((pod) => !pod.metadata?.deletionTimestamp && (pod.metadata?.ownerReferences ?? []).some((o) => o.controller && mine.has(o.uid)));
}

/** Every replica asked for is updated and available, as the Deployment controller last saw it. */
export function rolledOut(d: KubeObject): boolean {
  const want: number = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  return (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1) && (s.updatedReplicas ?? 0) === want && (s.availableReplicas ?? 0) === want && (s.replicas ?? 0) === want;
}

export interface Rollout {
  pods: KubeObject[];
  done: boolean;
  /** Still rolling out, and no Pod is in a state that waiting will not fix: worth asking again. */
  waiting: boolean;
  /** Some Pod is still on its way to Ready (others may be stuck), or the status has not caught up: worth asking again. */
  progressing: boolean;
}

/**
 * A Pod that waiting will not fix. A Pod found unschedulable only a moment ago is given time:
 * the scheduler tries again as the cluster changes (the Pods of a Deployment deleted just before,
 * with the same labels, still count for a spread rule until the scheduler sees them go).
 */
export function stuckForGood(pod: KubeObject, now = Date.now()): boolean {
  if (!stuck(pod)) return false;
  const scheduled = (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled');
  if (scheduled?.status !== 'False') return true;
  return now - (Date.parse(scheduled.lastTransitionTime ?? '') || 0) > UNSCHEDULABLE_GRACE_MS;
}
const UNSCHEDULABLE_GRACE_MS = 15_000;

export async function rolloutOf(ctx: CheckContext, deployment: KubeObject): Promise<Rollout> {
  return rolloutState(deployment, ownedPods(deployment, await list(ctx, 'replicasets', ctx.namespace), await list(ctx, 'pods', ctx.namespace)));
}

/** Where a Deployment's rollout stands, from the Deployment and its Pods. */
export function rolloutState(deployment: KubeObject, pods: KubeObject[], now = Date.now()): Rollout {
  const done = rolledOut(deployment);
  // Past its progress deadline, or refused Pods (a quota): the rollout will not finish by waiting.
  const deadline = (deployment.status?.conditions ?? []).some(
    (c: { type: string; status: string; reason?: string }) => (c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded') || (c.type === 'ReplicaFailure' && c.status === 'True'),
  );
  const want: number = deployment.spec?.replicas ?? 1;
  // Every Pod Ready and the rollout not done: the Deployment's status (or our older LIST of it) lags behind.
  const progressing = !done && !deadline && (pods.length < want || pods.every(isReady) || pods.some((p) => !isReady(p) && !stuckForGood(p, now)));
  return { pods, done, waiting: !done && !deadline && !pods.some((p) => stuckForGood(p, now)), progressing };
}

/** "app=miweb, tier=web": labels or a Service's selector, as a person reads them. */
export const showLabels = (labels: Record<string, string> | undefined): string =>
  Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || '∅';

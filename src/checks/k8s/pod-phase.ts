import { fail, pass, type CheckKind } from '../types.js';
import { podDiagnosis } from './diagnosis.js';
import { isOutcome, requireObject } from './objects.js';
import type { KubeObject } from '../../targets/kubernetes.js';

const STUCK = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'CrashLoopBackOff', 'CreateContainerConfigError', 'CreateContainerError']);

/** The Pod's Ready condition is True. */
export const isReady = (pod: KubeObject): boolean =>
  (pod.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');

/** States that waiting will not fix. */
export function stuck(pod: KubeObject): boolean {
  const unschedulable = (pod.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'PodScheduled' && c.status === 'False');
  const waiting = (pod.status?.containerStatuses ?? []).some((s: any) => STUCK.has(s.state?.waiting?.reason));
  return unschedulable || waiting;
}

interface Params { pod: string; condition: 'Running' | 'Ready' }

/** The Pod is Running, or Ready; otherwise the hint says why, from its state and events. */
export const podPhase: CheckKind<Params> = {
  name: 'k8s.pod-status',
  paramsSchema: {
    type: 'object',
    required: ['pod', 'condition'],
    additionalProperties: false,
    properties: {
      pod: { type: 'string', minLength: 1 },
      condition: { enum: ['Running', 'Ready'], description: 'Running: status.phase; Ready: the Ready condition' },
    },
  },
  async run(ctx, p) {
    const pod = await requireObject(ctx, { kind: 'pod', name: p.pod });
    if (isOutcome(pod)) return pod;
    const phase: string = pod.status?.phase ?? 'Unknown';
    const ready = (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
    const ok = p.condition === 'Running' ? phase === 'Running' : ready?.status === 'True';
    const actual = p.condition === 'Running' ? phase : `Ready=${ready?.status ?? 'Unknown'}${ready?.reason ? ` (${ready.reason})` : ''}`;
    const expected = p.condition === 'Running' ? 'Running' : 'Ready=True';
    if (ok) return pass(ctx.t(p.condition === 'Running' ? 'k8s.running' : 'k8s.ready', { name: p.pod }), { expected, actual });
    return fail(ctx.t(p.condition === 'Running' ? 'k8s.notRunning' : 'k8s.notReady', { name: p.pod, phase }), {
      expected,
      actual,
      hint: await podDiagnosis(ctx, pod),
      // A Pod that was just created may still be pulling or starting; one that cannot pull or schedule won't.
      retry: (phase === 'Pending' || phase === 'Running') && !stuck(pod),
    });
  },
};

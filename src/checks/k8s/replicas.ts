import { fail, pass, type CheckKind } from '../types.js';
import { rolloutOf, stuckForGood } from './deployment-pods.js';
import { isReady } from './pod-phase.js';
import { podDiagnosis } from './diagnosis.js';
import { isOutcome, requireObject } from './objects.js';

interface Params { deployment: string; replicas: number }

/** spec.replicas is N and N replicas are available; the hint says why the others are not. */
export const replicas: CheckKind<Params> = {
  name: 'k8s.replicas',
  paramsSchema: {
    type: 'object',
    required: ['deployment', 'replicas'],
    additionalProperties: false,
    properties: { deployment: { type: 'string', minLength: 1 }, replicas: { type: 'integer', minimum: 1 } },
  },
  async run(ctx, p) {
    const d = await requireObject(ctx, { kind: 'deployment', name: p.deployment });
    if (isOutcome(d)) return d;
    const want: number = d.spec?.replicas ?? 1;
    const s = d.status ?? {};
    const expected = `spec.replicas = status.availableReplicas = ${p.replicas}`;
    const actual = `spec.replicas=${want} availableReplicas=${s.availableReplicas ?? 0} updatedReplicas=${s.updatedReplicas ?? 0}`;
    if (want !== p.replicas) {
      return fail(ctx.t('k8s.replicasWrong', { name: p.deployment, want, replicas: p.replicas }), { expected, actual, hint: ctx.t('k8s.replicasHint', { replicas: p.replicas, name: p.deployment, namespace: ctx.namespace }) });
    }
    const rollout = await rolloutOf(ctx, d);
    if (rollout.done) return pass(ctx.t('k8s.replicasOk', { available: p.replicas, replicas: p.replicas }), { expected, actual });

    const reasons: string[] = [];
    // The stuck Pods first: they are the reason; the others may only be slower.
    const unready = rollout.pods.filter((x) => !isReady(x)).sort((a, b) => Number(stuckForGood(b)) - Number(stuckForGood(a)));
    for (const pod of unready.slice(0, 3)) {
      reasons.push(`${pod.metadata?.name} (${pod.spec?.nodeName ?? '—'}): ${(await podDiagnosis(ctx, pod, 3)) ?? pod.status?.phase}`);
    }
    const troubles = (s.conditions ?? [])
      .filter((c: { type: string; status: string }) => (c.type === 'ReplicaFailure' && c.status === 'True') || (c.type === 'Progressing' && c.status === 'False'))
      .map((c: { type: string; message?: string }) => `${c.type}: ${c.message ?? ''}`);
    return fail(ctx.t('k8s.replicasNotAvailable', { available: s.availableReplicas ?? 0, replicas: p.replicas }), {
      expected,
      actual,
      hint: [...troubles, ...reasons].join('\n') || undefined,
      // Until every Pod is Ready or stuck, so that the report names the Pods that will not come up.
      retry: rollout.progressing,
    });
  },
};

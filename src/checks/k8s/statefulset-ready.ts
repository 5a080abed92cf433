import { isReady } from './pod-phase.js';
import { fail, pass, type CheckKind } from '../types.js';
import { podDiagnosis } from './diagnosis.js';
import { isOutcome, list, requireObject } from './objects.js';
import { stuckForGood } from './deployment-pods.js';

interface Params { statefulset: string; replicas?: number }


/**
 * readyReplicas equals replicas (and, when the lab says how many, that many). A StatefulSet
 * starts its Pods one after another, so a rollout in progress is asked again; the hint gives
 * the reasons of the Pods that are not ready.
 */
export const statefulsetReady: CheckKind<Params> = {
  name: 'k8s.statefulset-ready',
  paramsSchema: {
    type: 'object',
    required: ['statefulset'],
    additionalProperties: false,
    properties: { statefulset: { type: 'string', minLength: 1 }, replicas: { type: 'integer', minimum: 1, description: 'The number of replicas the lab asks for' } },
  },
  async run(ctx, p) {
    const sts = await requireObject(ctx, { kind: 'statefulset', name: p.statefulset });
    if (isOutcome(sts)) return sts;
    const desired: number = sts.spec?.replicas ?? 1;
    const ready: number = sts.status?.readyReplicas ?? 0;
    const want = p.replicas ?? desired;
    const expected = `readyReplicas = replicas = ${want}`;
    const actual = `readyReplicas=${ready} replicas=${desired}`;
    if (p.replicas !== undefined && desired !== p.replicas) {
      return fail(ctx.t('sts.replicas', { name: p.statefulset, replicas: desired, want: p.replicas }), { expected, actual, hint: ctx.t('sts.replicasHint', { want: p.replicas, name: p.statefulset }) });
    }
    if (desired > 0 && ready === desired && (sts.status?.observedGeneration ?? 0) >= (sts.metadata?.generation ?? 0)) return pass(ctx.t('k8s.dsReady', { ready, desired }), { expected, actual });

    const pods = (await list(ctx, 'pods', ctx.namespace)).filter((pod) => (pod.metadata?.ownerReferences ?? []).some((o) => o.uid === sts.metadata?.uid));
    const unready = pods.filter((pod) => !isReady(pod));
    const reasons: string[] = [];
    for (const pod of unready.slice(0, 3)) reasons.push(`${pod.metadata?.name}: ${(await podDiagnosis(ctx, pod, 3)) ?? pod.status?.phase}`);
    return fail(ctx.t('k8s.dsNotReady', { ready, desired }), {
      expected,
      actual,
      hint: reasons.join('\n') || ctx.t('sts.startingInOrder', { name: p.statefulset }),
      // Pods start one after another: a missing one is on its way, unless one before it is stuck.
      // Still on its way when time is up is not graded (try again in a moment), never failed.
      // Unschedulable for a moment is normal here: each Pod waits for its new claim's volume.
      retry: !unready.some((pod) => stuckForGood(pod)),
      starting: !unready.some((pod) => stuckForGood(pod)),
    });
  },
};

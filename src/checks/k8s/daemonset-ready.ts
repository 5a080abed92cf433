import { fail, pass, type CheckKind } from '../types.js';
import { podDiagnosis } from './diagnosis.js';
import { isOutcome, requireObject, list, daemonsetParams } from './objects.js';
import { isReady, stuck } from './pod-phase.js';

interface Params { daemonset: string }


/** numberReady equals desiredNumberScheduled, with the reasons of the Pods that are not ready. */
export const daemonsetReady: CheckKind<Params> = {
  name: 'k8s.daemonset-ready',
  paramsSchema: daemonsetParams,
  async run(ctx, p) {
    const ds = await requireObject(ctx, { kind: 'daemonset', name: p.daemonset });
    if (isOutcome(ds)) return ds;
    const desired: number = ds.status?.desiredNumberScheduled ?? 0;
    const ready: number = ds.status?.numberReady ?? 0;
    const expected = `numberReady = desiredNumberScheduled${desired ? ` = ${desired}` : ''} > 0`;
    const actual = `numberReady=${ready} desiredNumberScheduled=${desired}`;
    if (desired > 0 && ready === desired) return pass(ctx.t('k8s.dsReady', { ready, desired }), { expected, actual });

    const pods = (await list(ctx, 'pods', ctx.namespace)).filter((pod) =>
      (pod.metadata?.ownerReferences ?? []).some((o) => o.uid === ds.metadata?.uid),
    );
    const unready = pods.filter((pod) => !isReady(pod));
    const reasons: string[] = [];
    for (const pod of unready.slice(0, 3)) {
      reasons.push(`${pod.metadata?.name} (${pod.spec?.nodeName ?? '—'}): ${(await podDiagnosis(ctx, pod, 3)) ?? pod.status?.phase}`);
    }
    return fail(ctx.t('k8s.dsNotReady', { ready, desired }), {
      expected,
      actual,
      hint: reasons.join('\n') || undefined,
      retry: !unready.some(stuck),
    });
  },
};

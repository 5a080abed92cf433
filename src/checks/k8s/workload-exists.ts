import { pass, type CheckKind } from '../types.js';
import { isOutcome } from './objects.js';
import { requireWorkload, workloadNameParams } from './workload.js';

/** A Pod or a Deployment of that name: the student may run the page either way. */
export const workloadExists: CheckKind<{ workload: string }> = {
  name: 'k8s.workload-exists',
  paramsSchema: workloadNameParams,
  async run(ctx, p) {
    const w = await requireWorkload(ctx, p.workload);
    if (isOutcome(w)) return w;
    const found = `${w.kind} ${ctx.namespace}/${p.workload}`;
    return pass(ctx.t('k8s.found', { kind: w.kind, name: p.workload, namespace: ctx.namespace }), {
      expected: ctx.t('k8s.workloadExpected', { name: p.workload, namespace: ctx.namespace }),
      actual: found,
    });
  },
};

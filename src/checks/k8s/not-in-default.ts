import { fail, pass, type CheckKind } from '../types.js';
import { WORKLOADS, workloadParams, type WorkloadRef, list } from './objects.js';

/** "default is the one we NEVER use": the object is graded outside default, and none sits in default. */
export const notInDefault: CheckKind<WorkloadRef> = {
  name: 'k8s.not-in-default',
  paramsSchema: workloadParams,
  async run(ctx, ref) {
    const expected = ctx.t('k8s.notDefaultExpected');
    if (ctx.namespace === 'default') {
      return fail(ctx.t('k8s.gradedInDefault', { kind: ref.kind, name: ref.name }), { expected, actual: 'default' });
    }
    const inDefault = (await list(ctx, WORKLOADS[ref.kind], 'default')).some((o) => o.metadata?.name === ref.name);
    if (inDefault) return fail(ctx.t('k8s.foundInDefault', { kind: ref.kind, name: ref.name }), { expected, actual: `default/${ref.name}` });
    return pass(ctx.t('k8s.notInDefaultOk', { kind: ref.kind, name: ref.name, namespace: ctx.namespace }), { expected, actual: ctx.namespace });
  },
};

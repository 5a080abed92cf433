import { fail, pass, type CheckKind } from '../types.js';
import { findObject, foundInDefault, workloadParams, type WorkloadRef } from './objects.js';

/**
 * "default is the one we NEVER use": the object is in the namespace being graded, and that
 * namespace is not default. Judged on the student's own namespace only: nothing to grade
 * earns nothing, and what anyone else left in default never counts (a class shares default).
 */
export const notInDefault: CheckKind<WorkloadRef> = {
  name: 'k8s.not-in-default',
  paramsSchema: workloadParams,
  async run(ctx, ref) {
    const expected = ctx.t('k8s.notDefaultExpected', { kind: ref.kind, name: ref.name, namespace: ctx.namespace });
    if (ctx.namespace === 'default') {
      return fail(ctx.t('k8s.gradedInDefault', { kind: ref.kind, name: ref.name }), { expected, actual: 'default' });
    }
    if (await findObject(ctx, ref)) {
      return pass(ctx.t('k8s.notInDefaultOk', { kind: ref.kind, name: ref.name, namespace: ctx.namespace }), { expected, actual: `${ctx.namespace}/${ref.name}` });
    }
    // Only a hint: the verdict is already that the object is not where it belongs.
    if (await foundInDefault(ctx, ref)) return fail(ctx.t('k8s.foundInDefault', { kind: ref.kind, name: ref.name, namespace: ctx.namespace }), { expected, actual: `default/${ref.name}` });
    return fail(ctx.t('k8s.notInDefaultMissing', { kind: ref.kind, name: ref.name, namespace: ctx.namespace }), { expected, actual: '∅' });
  },
};

import { closest } from '../similar.js';
import { fail, pass, type CheckKind } from '../types.js';
import { isDns1123, manifestObjects } from './manifest.js';
import { findObject, foundInDefault, WORKLOADS, workloadParams, type WorkloadRef, list } from './objects.js';

/**
 * An object of that kind and name in the namespace being graded. The hint looks for
 * the usual reasons it is not there: a typo, another namespace, an invalid name, another kind.
 */
export const exists: CheckKind<WorkloadRef> = {
  name: 'k8s.exists',
  paramsSchema: workloadParams,
  async run(ctx, ref) {
    const expected = `${ref.kind} ${ctx.namespace}/${ref.name}`;
    if (await findObject(ctx, ref)) return pass(ctx.t('k8s.found', { kind: ref.kind, name: ref.name, namespace: ctx.namespace }), { expected, actual: expected });

    const hints: string[] = [];
    const here = (await list(ctx, WORKLOADS[ref.kind], ctx.namespace)).map((o) => o.metadata!.name!);
    const near = closest(ref.name, here);
    if (near.length) hints.push(ctx.t('k8s.didYouMean', { names: near.join(', '), name: ref.name }));
    const invalid = (manifestObjects(ctx) ?? []).map((o) => o.metadata?.name).filter((n): n is string => typeof n === 'string' && !isDns1123(n));
    if (invalid.length) hints.push(ctx.t('k8s.dns1123', { wrong: invalid[0], name: ref.name }));
    if (await foundInDefault(ctx, ref)) {
      hints.push(ctx.t('k8s.inDefault', { kind: ref.kind, name: ref.name, namespace: ctx.namespace }));
    }
    if (ref.kind === 'daemonset' || ref.kind === 'statefulset') {
      for (const other of ['deployments', 'replicasets'] as const) {
        if ((await list(ctx, other, ctx.namespace)).some((o) => o.metadata?.name === ref.name)) {
          const kind = other === 'deployments' ? 'Deployment' : 'ReplicaSet';
          hints.push(ctx.t(ref.kind === 'daemonset' ? 'k8s.notADaemonSet' : 'k8s.notAStatefulSet', { name: ref.name, kind }));
          break;
        }
      }
    }
    if (hints.length === 0 && here.length === 0 && (await (await ctx.kube()).namespaceExists(ctx.namespace)) === false) {
      hints.push(ctx.t('k8s.noNamespace', { namespace: ctx.namespace }));
    }
    if (hints.length === 0) hints.push(ctx.t('k8s.applyHint', { namespace: ctx.namespace }));
    return fail(ctx.t('k8s.missing', { kind: ref.kind, name: ref.name, namespace: ctx.namespace }), {
      expected,
      actual: here.length ? here.join(', ') : ctx.t('k8s.nothingThere', { namespace: ctx.namespace }),
      hint: hints.join('\n'),
    });
  },
};

import { fail, pass, type CheckKind } from '../types.js';
import { isOutcome, podSpecOf, requireObject, type Taint, type Toleration, list, daemonsetParams } from './objects.js';

interface Params { daemonset: string }

export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

/** What keeps a DaemonSet's Pod off a node: untolerated taints, a nodeSelector, a cordon. */
export function blockers(node: { spec?: any; metadata?: any }, spec: ReturnType<typeof podSpecOf>): { taints: Taint[]; selector: boolean } {
  const taints = ((node.spec?.taints ?? []) as Taint[]).filter(
    (taint) => taint.effect !== 'PreferNoSchedule' && !(spec.tolerations ?? []).some((t) => tolerates(t, taint)),
  );
  const labels = node.metadata?.labels ?? {};
  const selector = Object.entries(spec.nodeSelector ?? {}).some(([k, v]) => labels[k] !== v);
  return { taints, selector };
}

const showTaint = (t: Taint) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;

/** desiredNumberScheduled equals the number of nodes; a miss names the taint and the toleration that fixes it. */
export const daemonsetNodes: CheckKind<Params> = {
  name: 'k8s.daemonset-on-every-node',
  paramsSchema: daemonsetParams,
  async run(ctx, p) {
    const ds = await requireObject(ctx, { kind: 'daemonset', name: p.daemonset });
    if (isOutcome(ds)) return ds;
    const nodes = await list(ctx, 'nodes');
    const desired: number = ds.status?.desiredNumberScheduled ?? 0;
    const expected = ctx.t('k8s.everyNodeExpected', { nodes: nodes.length });
    const actual = ctx.t('k8s.desired', { desired });
    if (desired === nodes.length) return pass(ctx.t('k8s.everyNodeOk', { nodes: nodes.length }), { expected, actual });

    const spec = podSpecOf(ds);
    const missed = nodes
      .map((n) => ({ name: n.metadata?.name ?? '?', ...blockers(n, spec), cordoned: !!n.spec?.unschedulable }))
      .filter((n) => n.taints.length || n.selector || n.cordoned);
    const hints = missed.map((n) => {
      if (n.taints.length) {
        const t = n.taints[0];
        const toleration = `tolerations:\n- key: ${t.key}\n  operator: Exists\n  effect: ${t.effect}`;
        return ctx.t('k8s.taintMiss', { node: n.name, taint: showTaint(t), toleration });
      }
      return ctx.t(n.selector ? 'k8s.selectorMiss' : 'k8s.cordonMiss', { node: n.name });
    });
    // Fresh DaemonSets report 0 until the controller has looked at them.
    const settling = (ds.status?.observedGeneration ?? 0) < (ds.metadata?.generation ?? 1) || (missed.length === 0 && desired < nodes.length);
    return fail(ctx.t('k8s.everyNodeMiss', { desired, nodes: nodes.length }), {
      expected,
      actual,
      hint: hints.join('\n') || undefined,
      retry: settling,
    });
  },
};

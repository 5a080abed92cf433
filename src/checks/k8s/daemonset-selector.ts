import { fail, pass, type CheckKind } from '../types.js';
import { isOutcome, requireObject, list, daemonsetParams } from './objects.js';
import type { KubeObject } from '../../targets/kubernetes.js';

interface Params { daemonset: string }

interface Selector { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] }

export function selects(selector: Selector, labels: Record<string, string> = {}): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpr = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In': return key in labels && values.includes(labels[key]);
      case 'NotIn': return !(key in labels) || !values.includes(labels[key]);
      case 'Exists': return key in labels;
      case 'DoesNotExist': return !(key in labels);
      default: return false;
    }
  });
  return byLabel && byExpr;
}

/**
 * Pods the selector picks that are not the DaemonSet's own. Pods on their way out are not
 * fought over: those being deleted, and those of a DaemonSet that no longer exists (a student
 * who deletes and applies again, before the garbage collector has caught up).
 */
export function foreignPods(selector: Selector, uid: string | undefined, pods: KubeObject[], daemonsetUids: Set<string | undefined>): KubeObject[] {
  return pods.filter((pod) => {
    if (!selects(selector, pod.metadata?.labels) || pod.metadata?.deletionTimestamp) return false;
    const owners = pod.metadata?.ownerReferences ?? [];
    if (owners.some((o) => o.uid === uid)) return false;
    return !owners.some((o) => o.controller && o.kind === 'DaemonSet' && !daemonsetUids.has(o.uid));
  });
}

const show = (s: Selector) =>
  [...Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`), ...(s.matchExpressions ?? []).map((e) => `${e.key} ${e.operator} (${(e.values ?? []).join(',')})`)].join(', ');

/**
 * The selector picks the template's Pods, and only them: a selector that also matches
 * another workload's Pods makes controllers fight over them.
 */
export const daemonsetSelector: CheckKind<Params> = {
  name: 'k8s.daemonset-selector',
  paramsSchema: daemonsetParams,
  async run(ctx, p) {
    const ds = await requireObject(ctx, { kind: 'daemonset', name: p.daemonset });
    if (isOutcome(ds)) return ds;
    const selector: Selector = ds.spec?.selector ?? {};
    const labels: Record<string, string> = ds.spec?.template?.metadata?.labels ?? {};
    const expected = ctx.t('k8s.selectorExpected');
    const actual = `selector: ${show(selector)} · template: ${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ')}`;
    if (!selects(selector, labels)) return fail(ctx.t('k8s.selectorMismatch', { name: p.daemonset }), { expected, actual, hint: ctx.t('k8s.selectorHint') });
    const daemonsets = new Set((await list(ctx, 'daemonsets', ctx.namespace)).map((d) => d.metadata?.uid));
    const foreign = foreignPods(selector, ds.metadata?.uid, await list(ctx, 'pods', ctx.namespace), daemonsets);
    if (foreign.length) {
      const names = foreign.map((x) => x.metadata?.name).join(', ');
      return fail(ctx.t('k8s.selectorOverlaps', { name: p.daemonset, pods: names }), { expected, actual, hint: ctx.t('k8s.selectorOverlapHint') });
    }
    return pass(ctx.t('k8s.selectorOk', { selector: show(selector) }), { expected, actual });
  },
};

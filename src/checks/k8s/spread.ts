import type { KubeObject } from '../../targets/kubernetes.js';
import type { MessageKey } from '../../i18n/index.js';
import { fail, pass, type CheckKind } from '../types.js';
import { selects } from './daemonset-selector.js';
import { rolloutOf, showLabels } from './deployment-pods.js';
import { isReady } from './pod-phase.js';
import { isOutcome, list, requireObject } from './objects.js';

interface Params { deployment: string }

export const HOSTNAME = 'kubernetes.io/hostname';

type Selector = Parameters<typeof selects>[0];
interface Requirement { key: string; operator: string; values?: string[] }
interface NodeTerm { matchExpressions?: Requirement[]; matchFields?: Requirement[] }

type Problem = 'oneReplica' | 'nodeName' | 'oneNodeAllowed' | 'topologyKey' | 'scheduleAnyway' | 'ruleSelector' | 'maxSkew' | 'preferred' | 'none';

/** What the spread rule of a Pod template guarantees: a message key and its values, and whether it holds. */
export interface SpreadJudgement { ok: boolean; key: MessageKey; vars: Record<string, string | number> }

function requirementHolds(r: Requirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In': return value !== undefined && values.includes(value);
    case 'NotIn': return value === undefined || !values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt': return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt': return value !== undefined && Number(value) < Number(values[0]);
    default: return false;
  }
}

/** The nodes a Pod spec's nodeSelector and required node affinity let it run on. */
export function allowedNodes(spec: any, nodes: KubeObject[]): KubeObject[] {
  const terms: NodeTerm[] = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  return nodes.filter((n) => {
    const labels: Record<string, string> = n.metadata?.labels ?? {};
    if (!Object.entries(spec?.nodeSelector ?? {}).every(([k, v]) => labels[k] === v)) return false;
    if (terms.length === 0) return true;
    return terms.some(
      (t) =>
        (t.matchExpressions ?? []).every((r) => requirementHolds(r, labels[r.key])) &&
        (t.matchFields ?? []).every((r) => requirementHolds(r, r.key === 'metadata.name' ? n.metadata?.name : undefined)),
    );
  });
}

const showSelector = (s: Selector | undefined) =>
  [showLabels(s?.matchLabels), ...(s?.matchExpressions ?? []).map((e) => `${e.key} ${e.operator} (${(e.values ?? []).join(',')})`)].filter((x) => x !== '∅').join(', ') || '∅';

/**
 * Whether the template's rules force its `replicas` Pods onto two nodes at least, whatever the
 * scheduler would otherwise like: a hard topology spread over kubernetes.io/hostname with a skew
 * below the replicas, or a required anti-affinity between the Pods per hostname. Anything softer
 * (ScheduleAnyway, preferred anti-affinity, no rule) may spread them by luck, and the first busy
 * or missing node puts them together.
 */
export function judgeSpread(template: { metadata?: any; spec?: any }, replicas: number, nodes: KubeObject[]): SpreadJudgement {
  const spec = template.spec ?? {};
  const labels: Record<string, string> = template.metadata?.labels ?? {};
  const no = (key: Problem, vars: Record<string, string | number> = {}): SpreadJudgement => ({ ok: false, key: `k8s.spread.${key}` as const, vars });
  if (replicas < 2) return no('oneReplica', { replicas });
  if (spec.nodeName) return no('nodeName', { node: spec.nodeName });
  if (spec.nodeSelector || spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution) {
    const allowed = allowedNodes(spec, nodes);
    if (allowed.length < 2) return no('oneNodeAllowed', { nodes: allowed.map((n) => n.metadata?.name).join(', ') || '∅', count: allowed.length });
  }

  const problems: SpreadJudgement[] = [];
  for (const c of (spec.topologySpreadConstraints ?? []) as { topologyKey: string; whenUnsatisfiable?: string; maxSkew: number; labelSelector?: Selector }[]) {
    if (c.topologyKey !== HOSTNAME) problems.push(no('topologyKey', { key: c.topologyKey }));
    else if (c.whenUnsatisfiable === 'ScheduleAnyway') problems.push(no('scheduleAnyway'));
    else if (!c.labelSelector || !selects(c.labelSelector, labels)) problems.push(no('ruleSelector', { selector: showSelector(c.labelSelector), labels: showLabels(labels) }));
    else if (c.maxSkew >= replicas) problems.push(no('maxSkew', { skew: c.maxSkew, replicas }));
    else return { ok: true, key: 'k8s.spread.bySpread', vars: { skew: c.maxSkew } };
  }
  const antiAffinity = spec.affinity?.podAntiAffinity ?? {};
  for (const term of (antiAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? []) as { topologyKey: string; labelSelector?: Selector }[]) {
    if (term.topologyKey !== HOSTNAME) problems.push(no('topologyKey', { key: term.topologyKey }));
    else if (!term.labelSelector || !selects(term.labelSelector, labels)) problems.push(no('ruleSelector', { selector: showSelector(term.labelSelector), labels: showLabels(labels) }));
    else return { ok: true, key: 'k8s.spread.byAntiAffinity', vars: {} };
  }
  if (problems.length) return problems[0];
  if ((antiAffinity.preferredDuringSchedulingIgnoredDuringExecution ?? []).length) return no('preferred');
  return no('none');
}

/** "lab-node ×3" or "lab-worker, lab-worker2, lab-node": where the ready Pods are. */
export function placement(pods: KubeObject[]): { nodes: string[]; text: string } {
  const count = new Map<string, number>();
  for (const pod of pods) if (pod.spec?.nodeName) count.set(pod.spec.nodeName, (count.get(pod.spec.nodeName) ?? 0) + 1);
  const text = [...count].map(([node, n]) => (n > 1 ? `${node} ×${n}` : node)).join(', ');
  return { nodes: [...count.keys()], text };
}

/**
 * The Pods are spread by a rule that guarantees two nodes at least (not by luck), and the ready
 * Pods really are on two nodes or more.
 */
export const spread: CheckKind<Params> = {
  name: 'k8s.spread',
  paramsSchema: {
    type: 'object',
    required: ['deployment'],
    additionalProperties: false,
    properties: { deployment: { type: 'string', minLength: 1 } },
  },
  async run(ctx, p) {
    const d = await requireObject(ctx, { kind: 'deployment', name: p.deployment });
    if (isOutcome(d)) return d;
    const replicas: number = d.spec?.replicas ?? 1;
    const rollout = await rolloutOf(ctx, d);
    const where = placement(rollout.pods.filter(isReady));
    const expected = ctx.t('k8s.spread.expected');
    const actual = ctx.t('k8s.spread.actual', { where: where.text || '∅' });
    const rule = judgeSpread(d.spec?.template ?? {}, replicas, await list(ctx, 'nodes'));
    if (!rule.ok) {
      const hint =
        rule.key === 'k8s.spread.oneReplica'
          ? ctx.t('k8s.replicasHint', { replicas: 3, name: p.deployment, namespace: ctx.namespace })
          : ctx.t(rule.key === 'k8s.spread.nodeName' || rule.key === 'k8s.spread.oneNodeAllowed' ? 'k8s.spread.pinnedHint' : 'k8s.spread.hint');
      // The verdict is final, but the Pods' placement in `actual` is worth the wait for the rollout.
      return fail(ctx.t(rule.key, rule.vars), { expected, actual, hint, retry: rollout.progressing });
    }
    const how = ctx.t(rule.key, rule.vars);
    if (where.nodes.length >= 2) return pass(ctx.t('k8s.spread.ok', { how, nodes: where.nodes.length }), { expected, actual });
    return fail(ctx.t('k8s.spread.together', { how, where: where.text || '∅' }), {
      expected,
      actual,
      hint: ctx.t('k8s.spread.togetherHint', { namespace: ctx.namespace }),
      retry: rollout.progressing,
    });
  },
};

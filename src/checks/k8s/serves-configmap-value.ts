import { describeAnswer } from '../http/answer.js';
import { fail, pass, type CheckKind } from '../types.js';
import { valueOf } from './configmap-key.js';
import { podDiagnosis } from './diagnosis.js';
import { initState } from './init-completed.js';
import { configMapUses } from './init-uses-configmap.js';
import { isOutcome, requireObject } from './objects.js';
import { stuck } from './pod-phase.js';
import { requireWorkload, specOf, workloadNameParams, workloadPods } from './workload.js';

interface Params { workload: string; configmap: string; key: string; port: number; path?: string }

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ',
  aacute: 'á', eacute: 'é', iacute: 'í', oacute: 'ó', uacute: 'ú', ntilde: 'ñ', uuml: 'ü', iexcl: '¡', iquest: '¿',
  Aacute: 'Á', Eacute: 'É', Iacute: 'Í', Oacute: 'Ó', Uacute: 'Ú', Ntilde: 'Ñ', Uuml: 'Ü',
};

/** HTML text as a reader sees it: entities decoded, runs of white space as one space. */
export function readable(html: string): string {
  return html
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : all;
      }
      return NAMED[e] ?? all;
    })
    .replace(/\s+/g, ' ');
}

/**
 * The page shows the value: as it is, or with <, >, & written as entities (as a careful page
 * would write them), white space aside. A value with markup in it counts when it is in the page as text or as markup.
 */
export function pageShows(body: string, value: string): boolean {
  const want = value.trim().replace(/\s+/g, ' ');
  if (!want) return false;
  const page = body.replace(/\s+/g, ' ');
  return page.includes(want) || readable(body).includes(want);
}

/** GET through the pod proxy: each graded Pod serves a page with the ConfigMap's current value in it. */
export const servesConfigMapValue: CheckKind<Params> = {
  name: 'k8s.serves-configmap-value',
  paramsSchema: {
    type: 'object',
    required: ['workload', 'configmap', 'key', 'port'],
    additionalProperties: false,
    properties: {
      ...workloadNameParams.properties,
      configmap: { type: 'string', minLength: 1 },
      key: { type: 'string', minLength: 1 },
      port: { type: 'integer', minimum: 1, maximum: 65535 },
      path: { type: 'string', pattern: '^/', default: '/' },
    },
  },
  async run(ctx, p) {
    const cm = await requireObject(ctx, { kind: 'configmap', name: p.configmap });
    if (isOutcome(cm)) return cm;
    const value = valueOf(cm, p.key);
    if (!value) return fail(ctx.t('k8s.cmNoKey', { name: p.configmap, key: p.key }), { expected: ctx.t('k8s.cmKeyExpected', { key: p.key }), actual: '∅' });
    const w = await requireWorkload(ctx, p.workload);
    if (isOutcome(w)) return w;
    const expected = `«${value}»`;
    const pods = await workloadPods(ctx, w);
    if (pods.length === 0) return fail(ctx.t('k8s.noPodsYet', { name: p.workload }), { expected, actual: '∅', retry: true });
    const kube = await ctx.kube();
    const path = p.path ?? '/';
    const served: string[] = [];
    for (const pod of pods) {
      const name = pod.metadata?.name ?? '?';
      const where = `pods/${name}:${p.port}/proxy${path}`;
      if (pod.status?.phase !== 'Running') {
        return fail(ctx.t('k8s.notRunning', { name, phase: pod.status?.phase ?? 'Unknown' }), {
          expected,
          actual: pod.status?.phase ?? 'Unknown',
          hint: await podDiagnosis(ctx, pod),
          // Pending while the init containers run is on its way; one that failed or cannot start is not.
          retry: pod.status?.phase === 'Pending' && !stuck(pod) && ['waiting', 'done'].includes(initState(pod).state),
        });
      }
      const answer = await kube.podProxyGet(ctx.namespace, name, p.port, path);
      const actual = describeAnswer(answer);
      if (answer.status === 200 && pageShows(answer.body, value)) {
        served.push(where);
        continue;
      }
      if (answer.status !== 200) return fail(ctx.t('k8s.proxyUnexpected', { where }), { expected, actual, hint: await podDiagnosis(ctx, pod), retry: answer.status >= 500 });
      const initUses = configMapUses(specOf(w), p.configmap).some((u) => u.init);
      const hint = /Welcome to nginx/i.test(answer.body)
        ? ctx.t('k8s.pageDefault')
        : initUses
          ? ctx.t('k8s.pageStale', { kind: w.kind, name: p.workload, configmap: p.configmap })
          : ctx.t('k8s.pageNotFromConfig', { configmap: p.configmap, key: p.key });
      return fail(ctx.t('k8s.pageMissingValue', { where, configmap: p.configmap, key: p.key }), { expected, actual, hint });
    }
    return pass(ctx.t('k8s.pageOk', { where: served.join(', '), value }), { expected, actual: expected });
  },
};

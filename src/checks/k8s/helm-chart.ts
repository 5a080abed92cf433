import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { yaml } from '../../lazy-modules.js';
import { pinProblem } from '../image-ref.js';
import { error, fail, pass, type CheckContext, type CheckKind, type Outcome } from '../types.js';
import { imagesOf } from './image-pinned.js';
import { list, MANIFEST_KINDS, podSpecOf, WORKLOADS, type Workload } from './objects.js';
import { sameImage } from './workload-image.js';

type Values = Record<string, string | number | boolean>;

interface Params {
  /** lint: `helm lint DIR`; renders: `helm template` with the statement's values gives what is live; defaults-pinned: with its own values.yaml the chart pins its images. */
  aspect: 'lint' | 'renders' | 'defaults-pinned';
  release: string;
  /** The values the statement asks for (dotted keys, as helm --set takes them). */
  values?: Values;
  /** renders: the value that must drive the Deployment's spec.replicas (a hard-coded count ignores it). */
  replicasValue?: string;
}

interface HelmRun { code: number; stdout: string; stderr: string; missing?: boolean }

const runs = new Map<string, Promise<HelmRun>>();
/** The helm CLI on PATH, once per run for the same arguments. It only reads the chart folder: never the cluster. */
function helm(args: string[]): Promise<HelmRun> {
  const key = JSON.stringify(args);
  let got = runs.get(key);
  if (!got) {
    got = new Promise((done) => {
      execFile('helm', args, { maxBuffer: 16 << 20, timeout: 60_000 }, (err, stdout, stderr) => {
        const code = (err as { code?: unknown } | null)?.code;
        done({ code: err ? (typeof code === 'number' ? code : 1) : 0, stdout, stderr, missing: code === 'ENOENT' });
      });
    });
    runs.set(key, got);
  }
  return got;
}

/** helm's --set for numbers and booleans, --set-string for text (1.20 stays "1.20", not 1.2). */
export const setArgs = (values: Values = {}): string[] =>
  Object.entries(values).flatMap(([k, v]) => (typeof v === 'string' ? ['--set-string', `${k}=${v}`] : ['--set', `${k}=${v}`]));

/** What helm said about a failure: lint's [ERROR] lines, else its Error: lines, else its first line. */
function helmSaid(r: HelmRun): string {
  const lines = `${r.stdout}\n${r.stderr}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const errors = lines.filter((l) => l.startsWith('[ERROR]'));
  return (errors.length ? errors : lines.filter((l) => /^Error:/.test(l))).slice(0, 5).join('\n') || lines[0] || `exit ${r.code}`;
}

type Obj = Record<string, any>;
const KIND_OF = Object.fromEntries(Object.entries(MANIFEST_KINDS).map(([k, v]) => [v.kind, k as Workload])) as Record<string, Workload>;

/** The chart folder, or why the check cannot run (not graded: error). */
async function chartOrWhy(ctx: CheckContext): Promise<string | Outcome> {
  const dir = resolve(ctx.options.chart!);
  if (!existsSync(join(dir, 'Chart.yaml'))) return error(ctx.t('helm.notAChart', { dir: ctx.options.chart! }), { hint: ctx.t('helm.notAChartHint') });
  const version = await helm(['version', '--short']);
  if (version.missing) return error(ctx.t('helm.noHelm'), { hint: ctx.t('helm.noHelmHint') });
  return dir;
}

/** What `helm template` renders, as objects. */
async function rendered(ctx: CheckContext, dir: string, release: string, values?: Values): Promise<Obj[] | HelmRun> {
  const r = await helm(['template', release, dir, '--namespace', ctx.namespace, ...setArgs(values)]);
  if (r.code !== 0) return r;
  return yaml().parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj | null).filter((o): o is Obj => !!o && typeof o === 'object');
}
const failedRun = (x: Obj[] | HelmRun): x is HelmRun => !Array.isArray(x);

const workloadsOf = (objs: Obj[]) => objs.filter((o) => KIND_OF[o.kind] && o.metadata?.name);

/** What is different between each rendered object and the live one of the same kind and name. */
async function differences(ctx: CheckContext, objs: Obj[]): Promise<string[]> {
  const out: string[] = [];
  for (const o of workloadsOf(objs)) {
    const kind = KIND_OF[o.kind];
    const live = (await list(ctx, WORKLOADS[kind], ctx.namespace)).find((x) => x.metadata?.name === o.metadata.name);
    if (!live) {
      out.push(ctx.t('helm.renderedNotLive', { kind: o.kind, name: o.metadata.name, namespace: ctx.namespace }));
      continue;
    }
    if (o.kind === 'Pod' || o.spec?.template) {
      if (o.spec?.template && (o.spec.replicas ?? 1) !== (live.spec?.replicas ?? 1)) out.push(`${o.kind} ${o.metadata.name}: spec.replicas ${o.spec.replicas ?? 1} ≠ ${live.spec?.replicas ?? 1}`);
      const want = imagesOf(podSpecOf(o));
      const got = imagesOf(podSpecOf(live));
      if (want.length !== got.length || want.some((w, i) => !sameImage(w, got[i]))) out.push(`${o.kind} ${o.metadata.name}: image ${want.join(', ')} ≠ ${got.join(', ')}`);
    }
  }
  return out;
}

/** With --chart DIR: the student's chart, through the helm CLI (lint, template; never install, never the cluster). */
export const helmChart: CheckKind<Params> = {
  name: 'k8s.helm-chart',
  needsChart: true,
  paramsSchema: {
    type: 'object',
    required: ['aspect', 'release'],
    additionalProperties: false,
    properties: {
      aspect: { enum: ['lint', 'renders', 'defaults-pinned'] },
      release: { type: 'string', minLength: 1 },
      values: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
      replicasValue: { type: 'string', minLength: 1 },
    },
  },
  async run(ctx, p) {
    const dir = await chartOrWhy(ctx);
    if (typeof dir !== 'string') return dir;
    const chart = ctx.options.chart!;

    if (p.aspect === 'lint') {
      const r = await helm(['lint', dir]);
      if (r.code === 0) return pass(ctx.t('helm.lintOk', { chart }), { expected: 'helm lint: 0 chart(s) failed', actual: r.stdout.trim().split('\n').pop() });
      return fail(ctx.t('helm.lintFails', { chart }), { expected: 'helm lint: 0 chart(s) failed', actual: helmSaid(r), hint: ctx.t('helm.lintHint', { chart }) });
    }

    if (p.aspect === 'defaults-pinned') {
      const objs = await rendered(ctx, dir, p.release);
      if (failedRun(objs)) return fail(ctx.t('helm.defaultsDoNotRender', { chart }), { expected: ctx.t('pinned.expected'), actual: helmSaid(objs), hint: ctx.t('helm.lintHint', { chart }) });
      const images = workloadsOf(objs).flatMap((o) => (o.kind === 'Pod' || o.spec?.template ? imagesOf(podSpecOf(o)) : []));
      const loose = images.filter((i) => pinProblem(i));
      if (images.length && !loose.length) return pass(ctx.t('helm.defaultsPinned', { images: images.join(', ') }), { expected: ctx.t('pinned.expected'), actual: images.join(', ') });
      return fail(ctx.t('helm.defaultsLoose', { image: loose[0] ?? '∅' }), { expected: ctx.t('pinned.expected'), actual: images.join(', ') || '∅', hint: ctx.t('helm.defaultsLooseHint') });
    }

    const command = `helm template ${p.release} ${chart} -n ${ctx.namespace} ${setArgs(p.values).join(' ')}`.trim();
    const objs = await rendered(ctx, dir, p.release, p.values);
    if (failedRun(objs)) return fail(ctx.t('helm.doesNotRender', { command }), { expected: ctx.t('helm.rendersExpected'), actual: helmSaid(objs), hint: ctx.t('helm.lintHint', { chart }) });
    const diffs = await differences(ctx, objs);
    const shown = workloadsOf(objs).map((o) => `${o.kind}/${o.metadata.name}`).join(', ');
    if (diffs.length) return fail(ctx.t('helm.rendersOther', { command }), { expected: ctx.t('helm.rendersExpected'), actual: diffs.join('\n'), hint: ctx.t('helm.rendersOtherHint', { release: p.release, namespace: ctx.namespace, chart }) });
    if (p.replicasValue) {
      // Another replica count must give another spec.replicas: a number written in the template ignores the value.
      const probe = Number(p.values?.[p.replicasValue] ?? 1) + 1;
      const again = await rendered(ctx, dir, p.release, { ...p.values, [p.replicasValue]: probe });
      const d = failedRun(again) ? undefined : again.find((o) => o.kind === 'Deployment');
      if (d && (d.spec?.replicas ?? 1) !== probe) {
        return fail(ctx.t('helm.replicasHardCoded', { value: p.replicasValue, probe, got: d.spec?.replicas ?? 1 }), {
          expected: `--set ${p.replicasValue}=${probe} → spec.replicas: ${probe}`,
          actual: `spec.replicas: ${d.spec?.replicas ?? 1}`,
          hint: ctx.t('helm.replicasHardCodedHint', { value: p.replicasValue }),
        });
      }
    }
    return pass(ctx.t('helm.rendersLive', { command, objects: shown }), { expected: ctx.t('helm.rendersExpected'), actual: shown });
  },
};

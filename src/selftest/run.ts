import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { registry } from '../checks/registry.js';
import { UserError } from '../errors.js';
import type { Lang, Translator } from '../i18n/index.js';
import type { CheckResult, LabResult } from '../runner/result.js';
import { runLab } from '../runner/run-lab.js';
import type { LabSpec } from '../spec/types.js';
import type { DockerTarget } from '../targets/docker.js';
import type { EndpointOptions } from '../targets/docker-endpoint.js';
import type { KubeConnectOptions, KubeTarget } from '../targets/kubernetes.js';
import { caseAt, caseLabel, casesOf, setupOf, withDefaults, type Case } from './cases.js';
import { applyDockerCase } from './docker-apply.js';
import { claimsOf, conflictsOf, park } from './docker-conflicts.js';
import { removeAllBut, snapshot } from './docker-snapshot.js';
import { deletePrepared, existing, helmFor, kubectlFor, mappedNamespace, nodeKinds, prepareCase, type Kubectl, type ObjectRef, type PreparedCase } from './k8s-apply.js';
import { expectedOf, mismatchesOf, type Expected } from './verdict.js';
import { redactResult } from '../spec/student.js';
import { SELFTEST_SECRET, studentCases, type StudentCase } from './students.js';

export interface SelftestOptions {
  lang: Lang;
  t: Translator;
  log: Logger;
  /** Seconds per check, as lab check --timeout. */
  timeout: number;
  /** Park what is in the way (and put it back) instead of refusing. */
  force: boolean;
  engine: EndpointOptions;
  kube: KubeConnectOptions;
  /** Kubernetes: each namespace but default becomes prefix + name. */
  prefix?: string;
  /** Kubernetes: pin every case's Pods to the nodes this selects. */
  nodeSelector?: Record<string, string>;
  /** Kubernetes: the nodes cannot pull images; expect.yaml's onRealNode applies. */
  offline?: boolean;
  /** Every lab of the folder, for a `before` that waits on another lab. */
  labs: LabSpec[];
  /** Generated students (--students N): a parameterised lab's solution is also run with each one's values. */
  students?: { ids: string[]; secret?: Buffer };
}

/** One line of the table: a case (or the empty environment, or the never-failing checks) against what it must produce. */
export interface Row {
  variant: string;
  expected: string;
  got: string;
  /** Why it does not match; empty when it does. */
  mismatches: string[];
  /** Not run here, and why (never counted as a match). */
  skipped?: string;
  durationMs: number;
}

export interface LabSelftest {
  lab: LabSpec;
  rows: Row[];
}

const deepIds = (lab: LabSpec) => lab.checks.filter((c) => registry.get(c.kind)?.deep).map((c) => c.id);

const describe = (t: Translator, fail: string[], skip: string[] = []) =>
  fail.length ? t('selftest.fails', { ids: fail.join(', ') }) + (skip.length ? `; ${t('selftest.skips', { ids: skip.join(', ') })}` : '') : t('selftest.allPass') + (skip.length ? `; ${t('selftest.skips', { ids: skip.join(', ') })}` : '');

function gotOf(t: Translator, checks: CheckResult[], deep: string[]): string {
  const ids = (s: string) => checks.filter((c) => c.status === s && !(s === 'skip' && deep.includes(c.id))).map((c) => c.id).sort();
  const errors = ids('error');
  return describe(t, ids('fail'), ids('skip')) + (errors.length ? `; ${t('selftest.errors', { ids: errors.join(', ') })}` : '');
}

/** Grades a lab with the real runner, on targets of its own (nothing cached from an earlier case). */
async function grade(lab: LabSpec, opts: SelftestOptions, extra: { manifest?: string; chart?: string; namespace?: string } = {}): Promise<LabResult> {
  let docker: Promise<DockerTarget> | undefined;
  let kube: Promise<KubeTarget> | undefined;
  return runLab(lab, {
    lang: opts.lang,
    t: opts.t,
    log: opts.log,
    timeoutSeconds: opts.timeout,
    deep: false,
    ...extra,
    docker: () => (docker ??= import('../targets/docker.js').then((m) => m.DockerTarget.connect(opts.t, opts.engine))),
    kube: () => (kube ??= import('../targets/kubernetes.js').then((m) => m.KubeTarget.connect(opts.t, opts.kube))),
  });
}

const exitCode = (r: LabResult) => (r.checks.some((c) => c.status === 'error') ? 2 : r.checks.some((c) => c.status === 'fail') ? 1 : 0);

/** The empty environment earns nothing: no check passes before any case is applied. */
async function emptyRow(lab: LabSpec, opts: SelftestOptions, extra: { namespace?: string } = {}): Promise<Row> {
  const started = Date.now();
  const result = await grade(lab, opts, extra);
  const passed = result.checks.filter((c) => c.status === 'pass').map((c) => c.id);
  return {
    variant: opts.t('selftest.empty'),
    expected: opts.t('selftest.scoreZero'),
    got: opts.t('selftest.score', { score: result.score, max: result.maxScore }),
    mismatches: passed.length ? [opts.t('selftest.passesEmpty', { ids: passed.join(', ') })] : [],
    durationMs: Date.now() - started,
  };
}

/** Every check (but --deep ones, graded apart) fails in at least one wrong variant. */
function neverFailsRow(lab: LabSpec, cases: Case[], opts: SelftestOptions): Row {
  const failing = new Set(cases.flatMap((c) => expectedOf(c, { offline: opts.offline }).fail.concat(c.expect?.fail ?? [])));
  const never = lab.checks.filter((c) => !registry.get(c.kind)?.deep && !failing.has(c.id)).map((c) => c.id);
  return {
    variant: opts.t('selftest.coverage'),
    expected: opts.t('selftest.coverageExpected'),
    got: never.length ? opts.t('selftest.neverFails', { ids: never.join(', ') }) : opts.t('selftest.coverageOk'),
    mismatches: never.length ? [opts.t('selftest.neverFails', { ids: never.join(', ') })] : [],
    durationMs: 0,
  };
}

function caseRow(c: Case, expected: Expected, result: LabResult, deep: string[], opts: SelftestOptions, started: number): Row {
  return {
    variant: caseLabel(c),
    expected: describe(opts.t, expected.fail, expected.skip),
    got: gotOf(opts.t, result.checks, deep),
    mismatches: mismatchesOf(c, expected, result.checks, exitCode(result), deep),
    durationMs: Date.now() - started,
  };
}

const studentsOf = (lab: LabSpec, opts: SelftestOptions) => studentCases(lab, opts.students?.secret ?? SELFTEST_SECRET, opts.students?.ids ?? [], opts.t, deepIds(lab));

/** A generated student's solution, graded as its owner and as the student who copied it: two rows. */
async function studentRows(s: StudentCase, opts: SelftestOptions, extra: { manifest?: string; namespace?: string }): Promise<Row[]> {
  const deep = deepIds(s.own.lab);
  const rows: Row[] = [];
  for (const [as, c] of [[s.own, s.case], [s.copier, s.copier.case]] as const) {
    const started = Date.now();
    const row = caseRow(c, expectedOf(c, { offline: opts.offline }), redactResult(as.lab, await grade(as.lab, opts, extra), opts.t), deep, opts, started);
    rows.push({ ...row, variant: as.label });
  }
  return rows;
}

const failedRow = (variant: string, expected: string, why: string, started: number): Row => ({ variant, expected, got: why, mismatches: [why], durationMs: Date.now() - started });

// ---------------------------------------------------------------- Docker

async function engineOf(opts: SelftestOptions): Promise<Docker> {
  const { DockerTarget } = await import('../targets/docker.js');
  return (await DockerTarget.connect(opts.t, opts.engine)).docker;
}

function dockerPlan(lab: LabSpec) {
  const before = (setupOf(lab.dir).before ?? []).map((b) => ({ ...b, case: withDefaults(caseAt(join(lab.dir, b.case))) }));
  const cases = casesOf(lab.dir);
  return { before, cases, claims: claimsOf([...before.map((b) => b.case), ...cases]) };
}

/** What a Docker lab's cases would clobber: [what can be parked, what cannot]. */
async function dockerConflicts(lab: LabSpec, docker: Docker) {
  const { claims } = dockerPlan(lab);
  const found = await conflictsOf(docker, claims);
  return { claims, found, parkable: found.containers.map((c) => `container ${c.name} (${c.why})`), fixed: [...found.fixed, ...found.ports.map((p) => `port ${p}`)] };
}

async function selftestDocker(lab: LabSpec, opts: SelftestOptions): Promise<LabSelftest> {
  const docker = await engineOf(opts);
  const { before, cases } = dockerPlan(lab);
  const { claims, found, parkable, fixed } = await dockerConflicts(lab, docker);
  refuse(opts, lab, parkable, fixed);
  const env = opts.engine.host ? { DOCKER_HOST: opts.engine.host } : opts.engine.context ? { DOCKER_CONTEXT: opts.engine.context } : {};
  const deep = deepIds(lab);
  const dirs: string[] = [];
  const initial = await snapshot(docker);
  const unpark = await park(docker, found.containers, claims);
  const rows: Row[] = [];
  try {
    rows.push(await emptyRow(lab, opts));
    for (const b of before) {
      const started = Date.now();
      dirs.push(await applyDockerCase(b.case, env));
      const needed = b.passes ? opts.labs.find((l) => l.id === b.passes) : undefined;
      if (b.passes && !needed) throw new UserError(opts.t('selftest.noBeforeLab', { lab: b.passes }));
      const failing = needed ? (await grade(needed, opts)).checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => c.id) : [];
      if (failing.length) rows.push(failedRow(`before: ${b.case.dir}`, opts.t('selftest.allPass'), opts.t('selftest.fails', { ids: failing.join(', ') }), started));
    }
    const baseline = await snapshot(docker);
    for (const c of cases) {
      const started = Date.now();
      const expected = expectedOf(c, { offline: opts.offline });
      try {
        dirs.push(await applyDockerCase(c, env));
        rows.push(caseRow(c, expected, await grade(lab, opts), deep, opts, started));
      } catch (err) {
        rows.push(failedRow(caseLabel(c), describe(opts.t, expected.fail, expected.skip), (err as Error).message, started));
      } finally {
        await removeAllBut(docker, baseline);
      }
    }
    for (const s of studentsOf(lab, opts)) {
      const started = Date.now();
      try {
        dirs.push(await applyDockerCase(s.case, env));
        rows.push(...(await studentRows(s, opts, {})));
      } catch (err) {
        rows.push(failedRow(s.own.label, opts.t('selftest.allPass'), (err as Error).message, started));
      } finally {
        await removeAllBut(docker, baseline);
      }
    }
    rows.push(neverFailsRow(lab, cases, opts));
  } finally {
    await removeAllBut(docker, initial);
    await unpark();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  return { lab, rows };
}

// ---------------------------------------------------------------- Kubernetes

interface K8sPlan {
  cases: { c: Case; prepared: PreparedCase }[];
  /** The namespace graded (the lab's, prefixed). */
  namespace: string;
  /** Every namespace the cases use but default. */
  namespaces: string[];
  /** Objects the cases create in namespaces that are there already (default, or a user's). */
  objects: ObjectRef[];
  work: string;
}

function k8sPlan(lab: LabSpec, opts: SelftestOptions): K8sPlan {
  const work = mkdtempSync(join(tmpdir(), `lab-selftest-${lab.id}-`));
  const cases = casesOf(lab.dir).map((c) => ({ c, prepared: prepareCase(c, { work, prefix: opts.prefix, nodeSelector: opts.nodeSelector }) }));
  const namespace = mappedNamespace(lab.namespace ?? 'default', opts.prefix);
  const all = cases.flatMap((x) => x.prepared.objects);
  const namespaces = [...new Set([namespace, ...all.map((o) => (o.kind === 'Namespace' ? o.name : o.namespace))])].filter((n) => n && n !== 'default').sort();
  const seen = new Set<string>();
  const objects = all.filter((o) => o.kind !== 'Namespace' && !seen.has(`${o.kind}/${o.namespace}/${o.name}`) && seen.add(`${o.kind}/${o.namespace}/${o.name}`));
  return { cases, namespace, namespaces, objects, work };
}

const strip = (o: Record<string, any>) => {
  const { uid, resourceVersion, creationTimestamp, managedFields, generation, selfLink, ...metadata } = o.metadata ?? {};
  void uid, resourceVersion, creationTimestamp, managedFields, generation, selfLink;
  const { status, ...rest } = o;
  void status;
  return { ...rest, metadata };
};

async function k8sConflicts(kubectl: Kubectl, plan: K8sPlan) {
  const namespaces = (await existing(kubectl, plan.namespaces.map((name) => ({ kind: 'Namespace', name, namespace: '' })))).map((o) => o.name);
  const where = new Set(['default', ...namespaces]);
  const objects = await existing(kubectl, plan.objects.filter((o) => where.has(o.namespace)));
  return { namespaces, objects, parkable: [...namespaces.map((n) => `namespace ${n}`), ...objects.map((o) => `${o.kind} ${o.namespace}/${o.name}`)] };
}

async function selftestK8s(lab: LabSpec, opts: SelftestOptions): Promise<LabSelftest> {
  const kubectl = kubectlFor(opts.kube);
  const plan = k8sPlan(lab, opts);
  const rows: Row[] = [];
  const deep = deepIds(lab);
  const restore: Record<string, any>[] = [];
  try {
    const conflicts = await k8sConflicts(kubectl, plan);
    refuse(opts, lab, conflicts.parkable, []);
    // With --force: the user's namespaces are used and left; their objects in the way are kept aside and put back.
    for (const o of conflicts.objects) {
      const got = await kubectl('get', `${o.kind.toLowerCase()}/${o.name}`, '-n', o.namespace, '-o', 'json');
      restore.push(strip(JSON.parse(got.stdout) as Record<string, any>));
      await kubectl('delete', `${o.kind.toLowerCase()}/${o.name}`, '-n', o.namespace, '--wait=true', '--timeout=120s');
    }
    const ours = plan.namespaces.filter((n) => !conflicts.namespaces.includes(n));
    const graded = opts.prefix ? { namespace: plan.namespace } : {};
    const nodes = await nodeKinds(kubectl);
    rows.push(await emptyRow(lab, opts, graded));
    for (const { c, prepared } of plan.cases) {
      const started = Date.now();
      const expected = withPrefix(expectedOf(c, { offline: opts.offline }), lab, opts.prefix);
      if (c.expect?.requires === 'real-node' && nodes.real.length === 0) {
        rows.push({ variant: caseLabel(c), expected: describe(opts.t, expected.fail, expected.skip), got: '—', mismatches: [], skipped: opts.t('selftest.needsRealNode'), durationMs: 0 });
        continue;
      }
      try {
        const applyProblems: string[] = [];
        for (const args of prepared.applies) {
          const applied = await kubectl(...args);
          if (c.expect?.applyFails ? applied.code === 0 : applied.code !== 0) applyProblems.push(`kubectl ${args.join(' ')}: ${applied.code === 0 ? opts.t('selftest.applyPassed') : applied.stderr.trim()}`);
        }
        for (const args of prepared.installs) {
          const installed = await helmFor(opts.kube)(...args);
          if (installed.code !== 0) applyProblems.push(`helm ${args.join(' ')}: ${installed.stderr.trim()}`);
        }
        const result = await grade(lab, opts, { ...graded, manifest: prepared.manifest, chart: prepared.chart });
        const row = caseRow(c, expected, result, deep, opts, started);
        row.mismatches.unshift(...applyProblems);
        rows.push(row);
      } catch (err) {
        rows.push(failedRow(caseLabel(c), describe(opts.t, expected.fail, expected.skip), (err as Error).message, started));
      } finally {
        for (const args of prepared.uninstalls) await helmFor(opts.kube)(...args);
        await deletePrepared(kubectl, prepared, ours);
      }
    }
    for (const s of studentsOf(lab, opts)) {
      const started = Date.now();
      const prepared = prepareCase(s.case, { work: plan.work, prefix: opts.prefix, nodeSelector: opts.nodeSelector });
      try {
        for (const args of prepared.applies) {
          const applied = await kubectl(...args);
          if (applied.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${applied.stderr.trim()}`);
        }
        rows.push(...(await studentRows(s, opts, { ...graded, manifest: prepared.manifest })));
      } catch (err) {
        rows.push(failedRow(s.own.label, opts.t('selftest.allPass'), (err as Error).message, started));
      } finally {
        await deletePrepared(kubectl, prepared, ours);
      }
    }
    rows.push(neverFailsRow(lab, plan.cases.map((x) => x.c), opts));
  } finally {
    for (const o of restore) {
      const file = join(plan.work, `restore-${o.kind}-${o.metadata.name}.json`);
      (await import('node:fs')).writeFileSync(file, JSON.stringify(o));
      await kubectl('create', '-f', file);
    }
    rmSync(plan.work, { recursive: true, force: true });
  }
  return { lab, rows };
}

/** expect.yaml's texts name the lab's namespaces as written (namespace: lab3); with a prefix the cluster says selftest-lab3. */
function withPrefix(e: Expected, lab: LabSpec, prefix?: string): Expected {
  if (!prefix || !lab.namespace || lab.namespace === 'default') return e;
  const re = new RegExp(`(?<![\\w-])${lab.namespace.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'g');
  const map = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.replace(re, mappedNamespace(lab.namespace!, prefix))]));
  return { ...e, hints: map(e.hints), actuals: map(e.actuals) };
}

// ---------------------------------------------------------------- both

function refuse(opts: SelftestOptions, lab: LabSpec, parkable: string[], fixed: string[]) {
  if (fixed.length) throw new UserError(opts.t('selftest.refusedFixed', { lab: lab.id, what: fixed.join(', ') }));
  if (parkable.length && !opts.force) throw new UserError(opts.t('selftest.refused', { lab: lab.id, what: parkable.join(', ') }));
}

/** Refuses before anything runs, for every lab at once: what the run would clobber. */
export async function preflight(labs: LabSpec[], opts: SelftestOptions): Promise<void> {
  const docker = labs.some((l) => l.target === 'docker') ? await engineOf(opts) : undefined;
  for (const lab of labs) {
    if (lab.target === 'docker') {
      const { parkable, fixed } = await dockerConflicts(lab, docker!);
      refuse(opts, lab, parkable, fixed);
    } else {
      const plan = k8sPlan(lab, opts);
      try {
        refuse(opts, lab, (await k8sConflicts(kubectlFor(opts.kube), plan)).parkable, []);
      } finally {
        rmSync(plan.work, { recursive: true, force: true });
      }
    }
  }
}

/** Runs a lab's solution, alternatives and wrong variants against the target, and sets each against what it must produce. */
export const selftestLab = (lab: LabSpec, opts: SelftestOptions): Promise<LabSelftest> => (lab.target === 'docker' ? selftestDocker(lab, opts) : selftestK8s(lab, opts));

export const labOk = (r: LabSelftest) => r.rows.every((row) => row.mismatches.length === 0);

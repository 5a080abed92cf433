import type { Logger } from 'pino';
import { registry } from '../checks/registry.js';
import { error as errorOutcome, type CheckContext, type CheckKind, type Outcome } from '../checks/types.js';
import { TargetError, UserError } from '../errors.js';
import type { Lang, Translator } from '../i18n/index.js';
import type { CheckSpec, LabSpec } from '../spec/types.js';
import type { DockerTarget } from '../targets/docker.js';
import type { KubeTarget } from '../targets/kubernetes.js';
import { labStatusOf, scoreOf, type CheckResult, type LabResult, type SkipReason } from './result.js';

export interface RunnerOptions {
  lang: Lang;
  t: Translator;
  log: Logger;
  /** Per-check budget, including retries while a server is still starting. */
  timeoutSeconds: number;
  deep: boolean;
  manifest?: string;
  /** --chart DIR: a Helm chart folder (lab 12). */
  chart?: string;
  /** --namespace; the lab's default namespace otherwise. */
  namespace?: string;
  concurrency?: number;
  /** Seconds between retries of a check whose target is not ready yet. */
  retryIntervalSeconds?: number;
  docker: () => Promise<DockerTarget>;
  kube: () => Promise<KubeTarget>;
  /** Grade what is there now, without waiting for servers that are still starting (grading a class). */
  snapshot?: boolean;
  /** An unreachable target makes every check of the lab an error, instead of ending the run (lab grade). */
  recordUnreachable?: boolean;
  /** Check kinds by name; the built-in registry unless a test brings its own. */
  kinds?: ReadonlyMap<string, CheckKind>;
  /** `lab watch`: these checks are not asked again; their earlier result stands (checks that depend on them see it). */
  reuse?: ReadonlyMap<string, CheckResult>;
  /** `lab watch`: the targets one check is given (to record what it reads); the run's own otherwise. */
  targetsFor?: (checkId: string) => Pick<RunnerOptions, 'docker' | 'kube'>;
  /** `lab watch`: told of a check whose last answer was "not ready yet" (a rollout, a server starting), and what it said. */
  onSettling?: (checkId: string, message?: string) => void;
  /** `lab watch`: each check's result as soon as it is known, before the lab's. */
  onCheck?: (result: CheckResult) => void;
}

/**
 * Runs one lab: checks start as soon as the checks they depend on have passed,
 * at most `concurrency` at a time; results keep the spec's order.
 */
export async function runLab(lab: LabSpec, opts: RunnerOptions): Promise<LabResult> {
  const started = performance.now();
  const kinds = opts.kinds ?? registry;
  // Checks that need --deep, --manifest or --chart are skipped without them, and do not count.
  const optional = (k: CheckKind) => (k.deep && !opts.deep) || (k.needsManifest && !opts.manifest) || (k.needsChart && !opts.chart);
  const optionalSkip = (c: CheckSpec, k: CheckKind) =>
    skipped(c, opts, 'optional', opts.t(k.deep ? 'runner.needsDeep' : k.needsChart ? 'runner.needsChart' : 'runner.needsManifest'));
  const labResult = (checks: CheckResult[], error?: string): LabResult => ({
    id: lab.id,
    slug: lab.slug,
    title: lab.title[opts.lang],
    status: labStatusOf(checks),
    ...scoreOf(checks),
    durationMs: Math.round(performance.now() - started),
    ...(error ? { error } : {}),
    checks,
  });

  // Reach the target first, so an unreachable engine is one clear error (exit 2), not N failed checks.
  try {
    if (lab.target === 'docker') await opts.docker();
    else await opts.kube();
  } catch (err) {
    if (!(opts.recordUnreachable && err instanceof UserError)) throw err;
    // Nothing of this lab could be asked: said once for the lab, and no check counts either way.
    return labResult(lab.checks.map((c) => {
      const kind = kinds.get(c.kind)!;
      if (optional(kind)) return optionalSkip(c, kind);
      return { id: c.id, title: c.title[opts.lang], status: 'error', points: c.points, message: opts.t('runner.unreachable'), durationMs: 0 };
    }), err.message);
  }

  const limit = semaphore(opts.concurrency ?? 8);
  // A --deep check changes what the others read (it stops a container, deletes a Pod): it runs
  // once every check that does not wait on one is over, and one at a time.
  const oneDeep = semaphore(1);
  const byId = new Map(lab.checks.map((c) => [c.id, c]));
  const isDeep = (c: CheckSpec) => !!kinds.get(c.kind)!.deep;
  const waitsOnDeep = (c: CheckSpec, seen = new Set<string>()): boolean =>
    c.dependsOn.some((d) => !seen.has(d) && (seen.add(d), isDeep(byId.get(d)!) || waitsOnDeep(byId.get(d)!, seen)));
  let readsOver: () => void = () => {};
  const readsDone = new Promise<void>((resolve) => { readsOver = resolve; });
  const done = new Map<string, Promise<CheckResult>>();
  for (const check of lab.checks) {
    done.set(check.id, (async () => {
      const kind = kinds.get(check.kind)!;
      const kept = opts.reuse?.get(check.id);
      if (kept) return kept;
      if (optional(kind)) return optionalSkip(check, kind);
      const deps = await Promise.all(check.dependsOn.map((d) => done.get(d)!));
      const waiting = deps.filter((d) => d.status !== 'pass');
      if (waiting.length) {
        // Waiting on a failure earns nothing; waiting on the grader's own trouble is not graded at all.
        const reason = waiting.some((d) => d.status === 'fail' || d.skipReason === 'blocked') ? 'blocked' : waiting.every((d) => d.skipReason === 'optional') ? 'optional' : 'incomplete';
        const checks = waiting.map((d) => d.id).join(', ');
        if (reason === 'optional') return skipped(check, opts, reason, waiting[0].message ?? '');
        return skipped(check, opts, reason, opts.t(reason === 'incomplete' ? 'runner.waitingUngraded' : 'runner.skippedDeps', { checks }));
      }
      const run = () => runCheck(check, kind, { ...opts, namespace: opts.namespace ?? lab.namespace }, Math.max(opts.timeoutSeconds, kind.minTimeoutSeconds ?? 0));
      if (!kind.deep) return limit(run);
      await readsDone;
      return oneDeep(run);
    })().then((r) => {
      if (!opts.reuse?.has(check.id)) opts.onCheck?.(r);
      return r;
    }));
  }
  void Promise.all(lab.checks.filter((c) => !isDeep(c) && !waitsOnDeep(c)).map((c) => done.get(c.id)!)).then(readsOver, readsOver);
  return labResult(await Promise.all(lab.checks.map((c) => done.get(c.id)!)));
}

function skipped(check: CheckSpec, opts: RunnerOptions, skipReason: SkipReason, message: string): CheckResult {
  return { id: check.id, title: check.title[opts.lang], status: 'skip', skipReason, points: check.points, message, durationMs: 0 };
}

async function runCheck(check: CheckSpec, kind: CheckKind, opts: RunnerOptions, timeoutSeconds: number): Promise<CheckResult> {
  const started = performance.now();
  const deadline = started + timeoutSeconds * 1000;
  const interval = (opts.retryIntervalSeconds ?? 1) * 1000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutSeconds * 1000);
  const ctx: CheckContext = {
    lang: opts.lang,
    t: opts.t,
    signal: controller.signal,
    attempt: 1,
    options: { deep: opts.deep, manifest: opts.manifest, chart: opts.chart },
    namespace: opts.namespace ?? 'default',
    log: opts.log.child({ check: check.id }),
    docker: opts.docker,
    kube: opts.kube,
    ...opts.targetsFor?.(check.id),
  };
  const timedOut = new Promise<'timeout'>((resolve) => controller.signal.addEventListener('abort', () => resolve('timeout')));

  let last: Outcome | undefined;
  let unanswered = false;
  try {
    for (let attempt = 1; ; attempt++) {
      ctx.attempt = attempt;
      const outcome = await Promise.race([kind.run(ctx, check.params).catch((err: unknown) => crashed(err, opts)), timedOut]);
      if (outcome === 'timeout') {
        unanswered = true;
        break;
      }
      last = outcome;
      if (!(outcome.retry || outcome.starting) || opts.snapshot || performance.now() + interval >= deadline) break;
      ctx.log.debug({ attempt, message: outcome.message }, 'not ready yet, asking again');
      await Promise.race([new Promise((r) => setTimeout(r, interval)), timedOut]);
      if (controller.signal.aborted) break;
    }
  } finally {
    clearTimeout(timer);
  }
  // After a timeout keep the last real answer: it explains more than "timed out". But when the
  // target stopped answering mid-attempt, that answer is stale: the grader could not ask (error).
  // And a server still starting when time is up has not answered yet: waiting is not failing.
  const stillStarting = !!last?.starting && last.status !== 'pass';
  if ((last?.retry || last?.starting) && last.status !== 'pass') opts.onSettling?.(check.id, last.message);
  const outcome = !last
    ? errorOutcome(opts.t('runner.timeout', { seconds: timeoutSeconds }))
    : stillStarting
      ? errorOutcome(opts.t('runner.stillStarting', { seconds: timeoutSeconds, last: last.message ?? '' }), { expected: last.expected, actual: last.actual, hint: opts.t('runner.stillStartingHint') })
      : unanswered
        ? errorOutcome(opts.t('runner.timeoutAfter', { seconds: timeoutSeconds, last: last.message ?? '' }), { expected: last.expected, actual: last.actual })
        : last;
  // The check's own hint is about fixing the lab; a server that is still starting needs nothing fixed.
  const labHint = stillStarting || outcome.ownHintOnly ? undefined : check.hint?.[opts.lang];
  const hint = outcome.status === 'pass' ? undefined : [labHint, outcome.hint].filter(Boolean).join('\n') || undefined;
  return {
    id: check.id,
    title: check.title[opts.lang],
    status: outcome.status,
    points: check.points,
    message: outcome.message,
    hint,
    expected: outcome.expected,
    actual: outcome.actual,
    durationMs: Math.round(performance.now() - started),
  };
}

function crashed(err: unknown, opts: RunnerOptions): Outcome {
  if (err instanceof UserError) throw err;
  opts.log.debug({ err }, 'check raised');
  if (err instanceof TargetError) return errorOutcome(err.message);
  // One line: a library's multi-line dump (HTTP headers, bodies) belongs in --verbose logs.
  return errorOutcome(opts.t('runner.crashed', { reason: String((err as Error)?.message ?? err).split('\n')[0] }));
}

function semaphore(max: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

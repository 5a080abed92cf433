import { labStatusOf, scoreOf, type CheckResult, type LabResult } from '../runner/result.js';
import { runLab, type RunnerOptions } from '../runner/run-lab.js';
import type { LabSpec } from '../spec/types.js';
import { affectedChecks, recordingDocker, recordingKube, type ReadKey } from './reads.js';

export interface Regraded {
  lab: LabSpec;
  result: LabResult;
  /** Checks waiting for a server or a rollout (retried on their own until the timeout), not failed. */
  settling: ReadonlySet<string>;
  /** The checks asked this time. */
  asked: ReadonlySet<string>;
}

export interface RegraderOptions {
  /** The runner's options, as `lab check` gives them; the regrader adds snapshot, reuse and recording. */
  runner: Omit<RunnerOptions, 'reuse' | 'targetsFor' | 'onSettling' | 'snapshot'>;
  /** A burst of changes (create then start) is graded once: wait this long after the first. */
  debounceMs?: number;
  /** How often a settling check is asked again while nothing else happens. */
  settleEveryMs?: number;
  onResult: (r: Regraded) => void;
}

/**
 * One lab graded once, then again each time a change concerns what its checks read: only the
 * checks that read the changed object (and those depending on them) are asked again. One grade
 * at a time; changes arriving meanwhile are graded right after. A check that was "not ready yet"
 * is settling and is asked again every `settleEveryMs` until the check's timeout, and never
 * otherwise: nothing is asked while nothing changes.
 */
export class Regrader {
  private result?: LabResult;
  private readonly reads = new Map<string, Set<ReadKey>>();
  private readonly settlingSince = new Map<string, number>();
  private pending = new Set<string>();
  private running = false;
  private timer?: NodeJS.Timeout;
  private settleTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(readonly lab: LabSpec, private readonly opts: RegraderOptions) {}

  get last(): LabResult | undefined {
    return this.result;
  }

  /** The first grade: every check. */
  async start(): Promise<void> {
    await this.grade(new Set(this.lab.checks.map((c) => c.id)));
  }

  /** The target changed what these keys name (`*`-suffixed keys are prefixes). */
  changed(keys: readonly ReadKey[]): void {
    if (this.stopped) return;
    for (const id of affectedChecks(this.lab.checks, this.reads, keys)) this.pending.add(id);
    if (this.pending.size && !this.running && !this.timer) this.timer = setTimeout(() => this.flush(), this.opts.debounceMs ?? 20);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.settleTimer);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    if (this.running || this.stopped || !this.pending.size) return;
    const ids = this.pending;
    this.pending = new Set();
    await this.grade(ids);
  }

  private async grade(ids: Set<string>): Promise<void> {
    this.running = true;
    clearTimeout(this.settleTimer);
    try {
      const reuse = new Map<string, CheckResult>();
      for (const c of this.result?.checks ?? []) if (!ids.has(c.id)) reuse.set(c.id, c);
      for (const id of ids) this.reads.set(id, new Set());
      const settledNow = new Map<string, string | undefined>();
      const partial = new Map(this.result?.checks.map((c) => [c.id, c]));
      const { docker, kube } = this.opts.runner;
      const result = await runLab(this.lab, {
        ...this.opts.runner,
        snapshot: true,
        reuse,
        targetsFor: (id) => {
          const record = (key: ReadKey) => this.reads.get(id)?.add(key);
          return { docker: () => docker().then((d) => recordingDocker(d, record)), kube: () => kube().then((k) => recordingKube(k, record)) };
        },
        onSettling: (id, message) => settledNow.set(id, message),
        // Each verdict is shown as soon as it is known: an inspect does not wait for a slower check.
        onCheck: (r) => {
          const previous = this.result;
          if (!previous || this.stopped) return;
          partial.set(r.id, settledNow.get(r.id) ? { ...r, message: settledNow.get(r.id) } : r);
          const checks = this.lab.checks.map((c) => partial.get(c.id)!).filter(Boolean);
          const settling = new Set([...this.settlingSince.keys()].filter((id) => id !== r.id));
          if (settledNow.has(r.id)) settling.add(r.id);
          this.opts.onResult({ lab: this.lab, result: { ...previous, checks, ...scoreOf(checks), status: labStatusOf(checks) }, settling, asked: ids });
        },
      });
      if (this.stopped) return;
      const now = Date.now();
      const budget = this.opts.runner.timeoutSeconds * 1000;
      for (const id of ids) {
        if (!settledNow.has(id)) this.settlingSince.delete(id);
        else if (!this.settlingSince.has(id)) this.settlingSince.set(id, now);
      }
      // Past its timeout a settling check shows its real verdict, until something it reads changes.
      const settling = new Set([...this.settlingSince].filter(([, since]) => now - since < budget).map(([id]) => id));
      // A settling check says what it is waiting for, not the runner's "try again in a moment".
      for (const [i, c] of result.checks.entries()) {
        if (settling.has(c.id) && settledNow.get(c.id)) result.checks[i] = { ...c, message: settledNow.get(c.id) };
      }
      this.result = result;
      this.opts.onResult({ lab: this.lab, result, settling, asked: ids });
      if (settling.size) {
        this.settleTimer = setTimeout(() => {
          for (const id of settling) this.pending.add(id);
          void this.flush();
        }, this.opts.settleEveryMs ?? 1000);
      }
      for (const id of ids) if (this.settlingSince.has(id) && !settling.has(id)) this.settlingSince.delete(id);
    } finally {
      this.running = false;
      // Changes that came while grading.
      if (this.pending.size && !this.stopped) this.timer ??= setTimeout(() => this.flush(), 0);
    }
  }
}

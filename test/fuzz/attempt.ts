import { verdict, type Case, type Expect } from '../labs/harness.js';

/** One generated attempt: what a student typed, and what the grader must say about it. */
export interface Attempt {
  lab: string;
  /** `<lab>#<index>`: with the seed, enough to generate it again (--attempt). */
  id: string;
  /** `equivalent` or the name of the single mistake it makes. */
  mistake?: string;
  /** The spellings chosen, for the report. */
  rewrites: string[];
  /** Shell script (Docker labs) or manifest (Kubernetes labs). */
  text: string;
  /** Kubernetes: extra kubectl apply arguments (-n lab3). */
  applyArgs?: string[];
  expect: Expect;
}

export interface Graded {
  ok: boolean;
  /** What differs from the expected verdict, one line each. */
  wrong: string[];
  got: { fail: string[]; skip: string[]; error: string[] };
}

interface JsonCheck { id: string; status: string; hint?: string; message?: string }

/** Compares the CLI's JSON checks with the attempt's expectation, the way the lab tests do. */
export function judge(a: Attempt, checks: JsonCheck[], code: number, ignoreSkipped: string[] = []): Graded {
  const c: Case = { lab: a.lab, kind: a.mistake ? 'wrong' : 'alternative', name: a.id, dir: '', expect: a.mistake ? a.expect : undefined };
  const v = verdict(c, checks, ignoreSkipped);
  const want = { fail: [...a.expect.fail].sort(), skip: [...(a.expect.skip ?? [])].sort() };
  const wrong: string[] = [];
  const same = (x: string[], y: string[]) => x.join(',') === y.join(',');
  if (v.errored.length) wrong.push(`error: ${v.errored.join('; ')}`);
  if (!same(v.failed, want.fail)) wrong.push(`fail: expected [${want.fail.join(', ')}], got [${v.failed.join(', ')}]`);
  if (!same(v.skipped, want.skip)) wrong.push(`skip: expected [${want.skip.join(', ')}], got [${v.skipped.join(', ')}]`);
  if (v.missingHints.length) wrong.push(`no hint on: ${v.missingHints.join(', ')}`);
  const wantCode = want.fail.length ? 1 : 0;
  if (!v.errored.length && code !== wantCode) wrong.push(`exit code: expected ${wantCode}, got ${code}`);
  const details = checks
    .filter((x) => x.status === 'fail' || x.status === 'error')
    .filter((x) => !want.fail.includes(x.id) || x.status === 'error')
    .map((x) => `  ${x.id} ${x.status}: ${x.message ?? ''}`);
  return { ok: wrong.length === 0, wrong: [...wrong, ...details], got: { fail: v.failed, skip: v.skipped, error: v.errored } };
}

import type { Case } from './cases.js';

/** What the comparison needs of a graded check (the runner's CheckResult and the JSON report's both fit). */
export interface GotCheck {
  id: string;
  status: string;
  hint?: string;
  message?: string;
  actual?: string;
}

/** What a case must produce on this engine or cluster. */
export interface Expected {
  fail: string[];
  skip: string[];
  hints: Record<string, string>;
  actuals: Record<string, string>;
  /** lab check's exit code: 1 when a check fails, 0 otherwise. */
  code: 0 | 1;
}

/**
 * A case's expectation: a solution or alternative passes everything; a wrong variant fails exactly
 * its listed checks. On nodes that cannot pull images, `onRealNode` replaces fail and skip.
 */
export function expectedOf(c: Case, opts: { offline?: boolean } = {}): Expected {
  const e = c.expect;
  const which = (opts.offline && e?.onRealNode) || e;
  const fail = [...(which?.fail ?? [])].sort();
  return { fail, skip: [...(which?.skip ?? [])].sort(), hints: e?.hints ?? {}, actuals: e?.actuals ?? {}, code: fail.length || c.kind === 'wrong' ? 1 : 0 };
}

const ids = (checks: GotCheck[], status: string) => checks.filter((c) => c.status === status).map((c) => c.id).sort();

/**
 * What a case produced, set against what it must: checks that failed, ended in error or were
 * skipped (but for those only --deep runs), and for a wrong variant, failed checks with no hint,
 * and hints or actuals that lack the text expect.yaml names.
 */
export function verdict(c: Case, checks: GotCheck[], skippedForDeep: string[] = []) {
  const failed = ids(checks, 'fail');
  const errored = checks.filter((x) => x.status === 'error').map((x) => `${x.id}: ${x.message}`);
  const skipped = ids(checks, 'skip').filter((id) => !skippedForDeep.includes(id));
  if (!c.expect) return { failed, errored, skipped, missingHints: [] as string[], wrongHints: [] as string[], wrongActuals: [] as string[] };
  const missingHints = c.expect.fail.filter((id) => !checks.find((x) => x.id === id)?.hint);
  const lacking = (want: Record<string, string>, field: 'hint' | 'actual') =>
    Object.entries(want)
      .filter(([id, text]) => !(checks.find((x) => x.id === id)?.[field] ?? '').includes(text))
      .map(([id, text]) => `${id} lacks "${text}": ${checks.find((x) => x.id === id)?.[field]}`);
  return { failed, errored, skipped, missingHints, wrongHints: lacking(c.expect.hints ?? {}, 'hint'), wrongActuals: lacking(c.expect.actuals ?? {}, 'actual') };
}

/** Every way a case's grading differs from what it must produce, in words; none means it matched. */
export function mismatchesOf(c: Case, expected: Expected, checks: GotCheck[], code: number, skippedForDeep: string[] = []): string[] {
  const v = verdict({ ...c, expect: c.expect && { ...c.expect, fail: expected.fail, hints: expected.hints, actuals: expected.actuals } }, checks, skippedForDeep);
  const out: string[] = [];
  const diff = (what: string, want: string[], got: string[]) => {
    if (want.join() !== got.join()) out.push(`${what}: expected [${want.join(', ')}], got [${got.join(', ')}]`);
  };
  for (const e of v.errored) out.push(`error ${e}`);
  diff('fail', expected.fail, v.failed);
  diff('skip', expected.skip, v.skipped);
  for (const id of v.missingHints) if (v.failed.includes(id)) out.push(`${id}: failed without a hint`);
  for (const h of v.wrongHints) out.push(`hint ${h}`);
  for (const a of v.wrongActuals) out.push(`actual ${a}`);
  if (code !== expected.code) out.push(`exit code: expected ${expected.code}, got ${code}`);
  return out;
}

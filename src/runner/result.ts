import type { Trace } from '../report/trace.js';

export type CheckStatus = 'pass' | 'fail' | 'error' | 'skip';

/**
 * Why a check was skipped:
 * - `blocked`: a check it depends on failed; it earns nothing and counts towards maxScore;
 * - `incomplete`: a check it depends on could not be graded (error); left out of the score;
 * - `optional`: it runs only with a flag that was not given (--deep, --manifest); left out of the score.
 */
export type SkipReason = 'blocked' | 'incomplete' | 'optional';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** Only for `skip`. */
  skipReason?: SkipReason;
  /** What the check is worth; it counts towards `score` only when it passed. */
  points: number;
  message?: string;
  hint?: string;
  expected?: string;
  actual?: string;
  durationMs: number;
}

export interface Score {
  /** Points of the checks that passed. */
  score: number;
  /** Points of the checks that were graded: passed, failed or blocked by a failure. */
  maxScore: number;
  /** Points of the checks the grader could not ask (error, or waiting on one): never counted against the student. */
  ungradedPoints: number;
  /** Some check could not be graded, so the score is not final. */
  incomplete: boolean;
}

export interface LabResult extends Score {
  id: string;
  slug: string;
  title: string;
  status: 'pass' | 'fail' | 'error';
  durationMs: number;
  /** Why none of the lab's checks could be asked (its engine or cluster could not be reached). */
  error?: string;
  checks: CheckResult[];
}

/** The JSON report contract (see DESIGN.md); bump schemaVersion on any breaking change. */
export interface RunResult {
  schemaVersion: 1;
  tool: { name: string; version: string };
  labs: LabResult[];
  /** The sum over labs. */
  total: Score;
  /** A signed JSON report's: what it was graded on (README "Traceable grades"). */
  trace?: Trace;
}

/** What a check means for the grade: blocked earns nothing, ungraded never counts, optional is left out. */
export type GradeState = 'pass' | 'fail' | 'error' | 'blocked' | 'ungraded' | 'optional';

export function gradeStateOf(c: CheckResult): GradeState {
  if (c.status !== 'skip') return c.status;
  return c.skipReason === 'blocked' ? 'blocked' : c.skipReason === 'incomplete' ? 'ungraded' : 'optional';
}

const ungraded = (c: CheckResult) => ['error', 'ungraded'].includes(gradeStateOf(c));
const graded = (c: CheckResult) => ['pass', 'fail', 'blocked'].includes(gradeStateOf(c));

export function scoreOf(checks: readonly CheckResult[]): Score {
  const sum = (pick: (c: CheckResult) => boolean) => checks.filter(pick).reduce((n, c) => n + c.points, 0);
  return {
    score: sum((c) => c.status === 'pass'),
    maxScore: sum(graded),
    ungradedPoints: sum(ungraded),
    incomplete: checks.some(ungraded),
  };
}

export function totalOf(labs: readonly LabResult[]): Score {
  const sum = (key: 'score' | 'maxScore' | 'ungradedPoints') => labs.reduce((n, l) => n + l[key], 0);
  return { score: sum('score'), maxScore: sum('maxScore'), ungradedPoints: sum('ungradedPoints'), incomplete: labs.some((l) => l.incomplete) };
}

/** A lab passes when every graded check passed; it is `error` when something could not be graded. */
export function labStatusOf(checks: readonly CheckResult[]): LabResult['status'] {
  if (checks.some((c) => ['fail', 'blocked'].includes(gradeStateOf(c)))) return 'fail';
  return checks.some(ungraded) ? 'error' : 'pass';
}

/**
 * 0 when it passed; 1 when the student has something to fix; 2 when the grader could not tell
 * (a check it could not ask). With minScore, passing means reaching it, and the grader could not
 * tell only when the points it could not grade might have reached it.
 */
export function exitCodeOf(result: RunResult, minScore?: number): 0 | 1 | 2 {
  if (minScore !== undefined) {
    const { score, ungradedPoints } = result.total;
    if (score >= minScore) return 0;
    return score + ungradedPoints >= minScore ? 2 : 1;
  }
  if (result.labs.some((l) => l.status === 'fail')) return 1;
  return result.labs.some((l) => l.status === 'error') ? 2 : 0;
}

export type CheckStatus = 'pass' | 'fail' | 'error' | 'skip';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** What the check is worth; it counts towards `score` only when it passed. */
  points: number;
  message?: string;
  hint?: string;
  expected?: string;
  actual?: string;
  durationMs: number;
}

export interface LabResult {
  id: string;
  slug: string;
  title: string;
  status: 'pass' | 'fail' | 'error';
  score: number;
  maxScore: number;
  durationMs: number;
  checks: CheckResult[];
}

/** The JSON report contract (see DESIGN.md); bump schemaVersion on any breaking change. */
export interface RunResult {
  schemaVersion: 1;
  tool: { name: string; version: string };
  labs: LabResult[];
}

export function exitCodeOf(result: RunResult): 0 | 1 {
  return result.labs.every((l) => l.status === 'pass') ? 0 : 1;
}

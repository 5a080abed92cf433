import { stringify } from 'csv-stringify/sync';
import type { GradebookRow } from '../class/grade-class.js';
import { gradeStateOf, type CheckResult } from '../runner/result.js';

/** One word per check for a spreadsheet cell: blocked and ungraded skips are told apart from optional ones. */
const cellOf = (c: CheckResult): string => (gradeStateOf(c) === 'optional' ? 'skip' : gradeStateOf(c));

/** A row per student and lab, then a column per check id (empty where a lab has no such check). */
export function gradebookCsv(rows: GradebookRow[]): string {
  const checkIds = [...new Set(rows.flatMap((r) => r.lab.checks.map((c) => c.id)))];
  const head = ['student', 'namespace', 'context', 'lab', 'status', 'score', 'max_score', 'ungraded_points', 'incomplete', ...checkIds];
  const body = rows.map((r) => {
    const cells = new Map(r.lab.checks.map((c) => [c.id, cellOf(c)]));
    return [r.student, r.namespace, r.context ?? '', r.lab.id, r.lab.status, r.lab.score, r.lab.maxScore, r.lab.ungradedPoints, r.lab.incomplete, ...checkIds.map((id) => cells.get(id) ?? '')];
  });
  // Names a student typed go into a spreadsheet: a leading = + - @ must not run as a formula.
  return stringify([head, ...body], { escape_formulas: true, cast: { boolean: String } });
}

export function gradebookJson(rows: GradebookRow[], tool: { name: string; version: string }): string {
  const gradebook = rows.map((r) => ({
    student: r.student,
    namespace: r.namespace,
    ...(r.context ? { context: r.context } : {}),
    lab: r.lab.id,
    slug: r.lab.slug,
    status: r.lab.status,
    score: r.lab.score,
    maxScore: r.lab.maxScore,
    ungradedPoints: r.lab.ungradedPoints,
    incomplete: r.lab.incomplete,
    checks: r.lab.checks.map((c) => ({ id: c.id, status: c.status, ...(c.skipReason ? { skipReason: c.skipReason } : {}), points: c.points, ...(c.message ? { message: c.message } : {}) })),
  }));
  return `${JSON.stringify({ schemaVersion: 1, tool, gradebook }, null, 2)}\n`;
}

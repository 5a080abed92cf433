import type { GradebookRow } from '../class/grade-class.js';
import { gradeStateOf, type GradeState, type LabResult } from '../runner/result.js';

/** One student's verdict on one check, with what they would read to fix it. */
export interface BoardCell {
  check: string;
  state: GradeState;
  title: string;
  points: number;
  message?: string;
  hint?: string;
  expected?: string;
  actual?: string;
}

/** A check of a lab, across the class: how many students have it. */
export interface BoardColumn {
  key: string;
  lab: string;
  check: string;
  title: string;
  passed: number;
  /** Students the check was asked of (optional skips are left out). */
  students: number;
}

export interface BoardStudent {
  key: string;
  student: string;
  namespace: string;
  context?: string;
  score: number;
  maxScore: number;
  ungradedPoints: number;
  incomplete: boolean;
  status: LabResult['status'];
  cells: Record<string, BoardCell>;
  /** A lab could not be graded at all (cluster unreachable). */
  errors: string[];
}

/** The class board: a grid of students × checks, the most-failed check first; each student's cells in their labs' order. */
export interface Board {
  labs: { id: string; title: string }[];
  columns: BoardColumn[];
  students: BoardStudent[];
}

export const columnKey = (lab: string, check: string) => `${lab}/${check}`;
export const studentKey = (r: { namespace: string; context?: string }) => (r.context ? `${r.context}/${r.namespace}` : r.namespace);

/**
 * Gradebook rows (a row per student and lab) as a board. Columns keep the labs' order, and within
 * the whole board the checks most students have not passed come first, so the step a class is stuck
 * on is the first thing an instructor sees; ties keep the lab's own order.
 */
export function boardOf(rows: readonly GradebookRow[]): Board {
  const labs = new Map<string, string>();
  const columns = new Map<string, BoardColumn & { order: number }>();
  const students = new Map<string, BoardStudent>();
  for (const row of rows) {
    labs.set(row.lab.id, row.lab.title);
    const key = studentKey(row);
    let s = students.get(key);
    if (!s) {
      s = { key, student: row.student, namespace: row.namespace, ...(row.context ? { context: row.context } : {}), score: 0, maxScore: 0, ungradedPoints: 0, incomplete: false, status: 'pass', cells: {}, errors: [] };
      students.set(key, s);
    }
    s.score += row.lab.score;
    s.maxScore += row.lab.maxScore;
    s.ungradedPoints += row.lab.ungradedPoints;
    s.incomplete ||= row.lab.incomplete;
    s.status = worse(s.status, row.lab.status);
    if (row.lab.error) s.errors.push(row.lab.error);
    for (const c of row.lab.checks) {
      const ck = columnKey(row.lab.id, c.id);
      let col = columns.get(ck);
      if (!col) {
        col = { key: ck, lab: row.lab.id, check: c.id, title: c.title, passed: 0, students: 0, order: columns.size };
        columns.set(ck, col);
      }
      const state = gradeStateOf(c);
      if (state !== 'optional') col.students++;
      if (state === 'pass') col.passed++;
      s.cells[ck] = { check: c.id, state, title: c.title, points: c.points, ...pick(c, ['message', 'hint', 'expected', 'actual']) };
    }
  }
  const missing = (c: BoardColumn) => c.students - c.passed;
  // A check no student was asked (it runs only with --deep or --manifest) has nothing to show.
  const ordered = [...columns.values()]
    .filter((c) => c.students > 0)
    .sort((a, b) => missing(b) - missing(a) || a.order - b.order)
    .map(({ order: _order, ...c }) => c);
  return { labs: [...labs].map(([id, title]) => ({ id, title })), columns: ordered, students: [...students.values()] };
}

const RANK: Record<LabResult['status'], number> = { pass: 0, error: 1, fail: 2 };
const worse = (a: LabResult['status'], b: LabResult['status']) => (RANK[b] > RANK[a] ? b : a);

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined && o[k] !== '') out[k] = o[k];
  return out;
}

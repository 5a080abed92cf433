import { studentKey } from '../report/board.js';
import { gradeStateOf, type GradeState } from '../runner/result.js';
import type { GradebookRow } from './grade-class.js';
import type { Student } from './roster.js';

/** A cell that changed between two gradings. */
export interface CellChange {
  student: string;
  lab: string;
  check: string;
  state: GradeState;
}

export interface BoardUpdate {
  version: number;
  rows: GradebookRow[];
  changes: CellChange[];
}

export interface LiveBoardOptions {
  /** Grades these students on every lab (from the shared, watched LISTs). */
  grade(students: Student[]): Promise<GradebookRow[]>;
  /** Called after the first grading and after each one that found something different; `changes` lists the cells whose state changed. */
  onUpdate(update: BoardUpdate): void;
  /** Changes arriving within this window are graded together. */
  debounceMs?: number;
  onError?(err: unknown): void;
  /** A namespace not in the class changed: the student it is, if it belongs to the class. */
  admit?(namespace: string): Student | undefined;
}

/**
 * A class's gradebook kept current: `changed(namespace)` marks a student (or, for a change of
 * no namespace, such as a node, everyone) to grade again; changes close together are graded
 * together, one grading at a time, and only the students they concern.
 */
export class LiveBoard {
  private rows: GradebookRow[] = [];
  private version = 0;
  private dirty = new Set<string>();
  private everyone = false;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private closed = false;

  private readonly students: Student[];

  constructor(students: readonly Student[], private readonly opts: LiveBoardOptions) {
    this.students = [...students];
  }

  get current(): BoardUpdate {
    return { version: this.version, rows: this.rows, changes: [] };
  }

  async start(): Promise<void> {
    // Changes seen while the first grading runs are graded right after it.
    this.running = (async () => {
      this.rows = await this.opts.grade(this.students);
      this.version++;
      this.opts.onUpdate({ version: this.version, rows: this.rows, changes: [] });
    })();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }

  /** Something changed in a namespace (undefined: anywhere, grade everyone again). */
  changed(namespace: string | undefined): void {
    if (this.closed) return;
    if (namespace === undefined || namespace === '') this.everyone = true;
    else if (this.students.some((s) => s.namespace === namespace)) this.dirty.add(namespace);
    else {
      // A namespace that joins the class (it matches the glob) is a new student.
      const student = this.opts.admit?.(namespace);
      if (!student) return;
      this.students.push(student);
      this.dirty.add(namespace);
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.opts.debounceMs ?? 250);
  }

  /** Resolves when every change seen so far has been graded. */
  async settled(): Promise<void> {
    while (this.running || this.timer) {
      if (this.running) await this.running;
      else await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    if (this.running) {
      // One grading at a time; what changed meanwhile is graded right after.
      await this.running;
      if (!this.timer && !this.running) return this.flush();
      return;
    }
    const who = this.everyone ? this.students : this.students.filter((s) => this.dirty.has(s.namespace));
    this.everyone = false;
    this.dirty.clear();
    if (who.length === 0 || this.closed) return;
    this.running = (async () => {
      try {
        const fresh = await this.opts.grade(who);
        if (this.closed) return;
        const changes = changesBetween(this.rows, fresh);
        const byKey = new Map(fresh.map((r) => [rowKey(r), r]));
        const known = new Set(this.rows.map(rowKey));
        const added = fresh.filter((r) => !known.has(rowKey(r)));
        const same = added.length === 0 && this.rows.every((r) => !byKey.has(rowKey(r)) || verdictOf(r) === verdictOf(byKey.get(rowKey(r))!));
        this.rows = [...this.rows.map((r) => byKey.get(rowKey(r)) ?? r), ...added];
        if (same) return;
        this.version++;
        this.opts.onUpdate({ version: this.version, rows: this.rows, changes });
      } catch (err) {
        this.opts.onError?.(err);
      }
    })();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }
}

/** What a student reads of a row: timings left out, so a grading that found the same is no update. */
const verdictOf = (r: GradebookRow) => JSON.stringify(r.lab.checks.map(({ durationMs: _d, ...c }) => c)) + (r.lab.error ?? '');
const rowKey = (r: GradebookRow) => `${studentKey(r)}\u0000${r.lab.id}`;

/** Cells whose grade state differs (messages that change while the state stays are not news). */
export function changesBetween(before: readonly GradebookRow[], after: readonly GradebookRow[]): CellChange[] {
  const old = new Map(before.map((r) => [rowKey(r), r]));
  const changes: CellChange[] = [];
  for (const row of after) {
    const was = old.get(rowKey(row));
    const wasState = new Map(was?.lab.checks.map((c) => [c.id, gradeStateOf(c)]) ?? []);
    for (const c of row.lab.checks) {
      const state = gradeStateOf(c);
      if (wasState.get(c.id) !== state) changes.push({ student: row.student, lab: row.lab.id, check: c.id, state });
    }
  }
  return changes;
}

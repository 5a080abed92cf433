import type { Student } from '../class/roster.js';
import type { TokenVerdict } from './exam.js';
import { readToken } from './exam.js';
import type { Verdict } from './sign.js';
import { insideWindow, type Trace } from './trace.js';

/**
 * `lab verify-report` over a class's reports: which student each one is, and what is suspicious
 * about it (README "Traceable grades"). Pure: the CLI reads the files and says the findings.
 */
export interface ReportEntry {
  file: string;
  verdict: Verdict;
  /** The report's trace, when it is JSON and has one. */
  trace?: Trace;
  /** The report's own `student` field, when it names one. */
  student?: string;
}

export type Finding =
  | { kind: 'signature' }
  | { kind: 'no-trace' }
  | { kind: 'unknown-student' }
  | { kind: 'foreign-namespace'; namespace: string; owner: string }
  | { kind: 'shared'; what: 'engine' | 'cluster'; identity: string; others: string[] }
  | { kind: 'before-start'; since: string; count: number; first: string; created: string }
  | { kind: 'nonce-missing' }
  | { kind: 'nonce-wrong'; nonce: string }
  | { kind: 'exam-token'; verdict: Exclude<TokenVerdict, 'valid'> }
  | { kind: 'exam-outside'; start: string; end: string; gradedAt: string }
  | { kind: 'exam-missing' };

export interface Audited extends ReportEntry {
  studentId: string;
  findings: Finding[];
}

export interface AuditOptions {
  roster?: Student[];
  /** --since, else the exam token's start. */
  since?: Date;
  /** --nonce, else the exam token's. */
  nonce?: string;
  /** --exam-token: every report must carry this one. */
  examToken?: string;
  verifyToken: (token: string) => TokenVerdict;
}

const base = (file: string) => file.split('/').pop()!.replace(/\.json$/i, '');
const parent = (file: string) => file.split('/').slice(-2, -1)[0] ?? '';

/**
 * Whose report this is: its own `student`, else its file's or folder's name (the student or their
 * namespace), else the roster namespace it graded.
 */
export function studentOf(entry: ReportEntry, roster?: Student[]): string | undefined {
  if (!roster) return entry.student ?? base(entry.file);
  if (entry.student && roster.some((s) => s.student === entry.student)) return entry.student;
  for (const name of [base(entry.file), parent(entry.file)]) {
    const hit = roster.find((s) => s.student === name || s.namespace === name);
    if (hit) return hit.student;
  }
  const namespaces = entry.trace?.cluster?.namespaces ?? [];
  return roster.find((s) => namespaces.includes(s.namespace))?.student;
}

export function audit(entries: ReportEntry[], opts: AuditOptions): { reports: Audited[]; missing: Student[] } {
  const reports: Audited[] = entries.map((e) => {
    const student = studentOf(e, opts.roster);
    return { ...e, studentId: student ?? '?', findings: student === undefined ? [{ kind: 'unknown-student' }] : [] };
  });
  for (const r of reports) {
    if (!r.verdict.valid) r.findings.push({ kind: 'signature' });
    const trace = r.trace;
    if (!trace) {
      r.findings.push({ kind: 'no-trace' });
      continue;
    }
    // The class's start: --since, else the token named on the command line, else the report's own token when it is genuine.
    const ownToken = trace.exam?.token;
    const ownVerdict = ownToken ? opts.verifyToken(ownToken) : undefined;
    if (ownVerdict && ownVerdict !== 'valid') r.findings.push({ kind: 'exam-token', verdict: ownVerdict });
    const ownWindow = ownToken && ownVerdict === 'valid' ? readToken(ownToken)?.window : undefined;
    if (opts.examToken && ownToken !== opts.examToken) r.findings.push({ kind: 'exam-missing' });
    if (ownWindow && !insideWindow(ownWindow, new Date(trace.gradedAt))) {
      r.findings.push({ kind: 'exam-outside', start: ownWindow.start, end: ownWindow.end, gradedAt: trace.gradedAt });
    }
    const since = opts.since ?? (ownWindow ? new Date(ownWindow.start) : undefined);
    if (since) {
      const early = trace.objects.filter((o) => o.created && Date.parse(o.created) < since.getTime());
      if (early.length) {
        r.findings.push({ kind: 'before-start', since: since.toISOString(), count: early.length, first: `${early[0].kind} ${early[0].namespace ? `${early[0].namespace}/` : ''}${early[0].name}`, created: early[0].created! });
      }
    }
    // A classmate's namespace (on the roster's cluster, the same context): graded there, not in their own.
    for (const ns of trace.cluster?.namespaces ?? []) {
      const owner = opts.roster?.find((s) => s.namespace === ns && s.student !== r.studentId);
      if (owner && r.studentId !== '?') r.findings.push({ kind: 'foreign-namespace', namespace: ns, owner: owner.student });
    }
    const nonce = opts.nonce ?? ownWindow?.nonce;
    if (nonce !== undefined) {
      if (trace.nonce === undefined) r.findings.push({ kind: 'nonce-missing' });
      else if (trace.nonce !== nonce) r.findings.push({ kind: 'nonce-wrong', nonce: trace.nonce });
    }
  }
  // One engine, or one namespace of one cluster, graded for two students: one of them did not do it there.
  for (const what of ['engine', 'cluster'] as const) {
    const byIdentity = new Map<string, Audited[]>();
    for (const r of reports) {
      const identity = r.trace?.[what]?.identity;
      if (identity) byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), r]);
    }
    for (const [identity, group] of byIdentity) {
      const students = new Set(group.map((r) => r.studentId));
      if (students.size < 2) continue;
      for (const r of group) r.findings.push({ kind: 'shared', what, identity, others: [...students].filter((s) => s !== r.studentId).sort() });
    }
  }
  const seen = new Set(reports.map((r) => r.studentId));
  return { reports, missing: (opts.roster ?? []).filter((s) => !seen.has(s.student)) };
}

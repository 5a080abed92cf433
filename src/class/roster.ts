import { parse } from 'csv-parse/sync';

/** One student of a class: whose work lives in which namespace, of which kubeconfig context. */
export interface Student {
  student: string;
  namespace: string;
  /** Kubeconfig context of the student's cluster; the current one when absent. */
  context?: string;
}

/** What is wrong with a roster, as a message key and its params, so the CLI says it in the user's language. */
export class RosterError extends Error {
  constructor(readonly key: 'csv' | 'incomplete' | 'twice' | 'empty', readonly params: Record<string, string | number> = {}) {
    super(`${key} ${JSON.stringify(params)}`);
  }
}

const COLUMNS = ['student', 'namespace', 'context'];

/**
 * A roster CSV: columns student, namespace and optionally context, with or without a header row.
 * Blank lines and lines starting with # are ignored.
 */
export function parseRoster(text: string): Student[] {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true, comment: '#', relax_column_count: true, bom: true });
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new RosterError('csv', { line: e.lines ?? 1, reason: e.message });
  }
  const header = rows[0]?.map((c) => c.toLowerCase());
  const hasHeader = header?.includes('student') && header.includes('namespace');
  const index = hasHeader ? COLUMNS.map((c) => header!.indexOf(c)) : [0, 1, 2];
  const students: Student[] = [];
  const seen = new Set<string>();
  rows.slice(hasHeader ? 1 : 0).forEach((row, i) => {
    const line = i + (hasHeader ? 2 : 1);
    const [student, namespace, context] = index.map((at) => (at >= 0 ? row[at] || undefined : undefined));
    if (!student || !namespace) throw new RosterError('incomplete', { line });
    const key = `${context ?? ''}/${namespace}`;
    if (seen.has(key)) throw new RosterError('twice', { line, namespace });
    seen.add(key);
    students.push({ student, namespace, ...(context ? { context } : {}) });
  });
  return students;
}

/** A shell-style glob over namespace names: * matches anything, ? one character. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

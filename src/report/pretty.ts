import { translator } from '../i18n/index.js';
import { gradeStateOf, type CheckResult, type GradeState, type LabResult } from '../runner/result.js';
import { labHeading, summaryParts } from './summary.js';
import type { Reporter } from './types.js';

// Blocked checks earn nothing, so they read as failures; the other skips do not count.
const MARKS: Record<GradeState, string> = { pass: '✔', fail: '✘', error: '!', blocked: '⊘', ungraded: '○', optional: '○' };
const COLORS: Record<GradeState, number> = { pass: 32, fail: 31, error: 33, blocked: 31, ungraded: 90, optional: 90 };

/** A checklist for people: a mark per check, details under each one that did not pass. */
export const pretty: Reporter = (result, { lang, color }) => {
  const t = translator(lang);
  const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const out: string[] = [];
  for (const lab of result.labs) {
    out.push(paint(1, labHeading(lab, t)));
    if (lab.error) out.push(paint(33, `  ! ${lab.error}`));
    const width = Math.max(...lab.checks.map((c) => c.id.length));
    for (const check of lab.checks) {
      const state = gradeStateOf(check);
      out.push(`  ${paint(COLORS[state], MARKS[state])} ${check.id.padEnd(width)}  ${check.title}`);
      out.push(...details(check, t, paint));
    }
    const parts = summaryParts(lab, t);
    out.push('', paint(statusColor(lab), parts.join(' · ')));
    if (lab.incomplete) out.push(paint(33, t('report.incomplete', { points: lab.ungradedPoints })));
    out.push('');
  }
  if (result.labs.length > 1) {
    const { total } = result;
    out.push(paint(1, `${t('report.total')}: ${total.score}/${total.maxScore}`), '');
  }
  return out.join('\n');
};

const statusColor = (lab: LabResult) => (lab.status === 'pass' ? 32 : lab.status === 'error' ? 33 : 31);

function details(check: CheckResult, t: ReturnType<typeof translator>, paint: (code: number, text: string) => string): string[] {
  if (check.status === 'pass') return [];
  const pad = '      ';
  const lines: string[] = [];
  if (check.message) lines.push(pad + check.message);
  if (check.status === 'skip') return lines.map((l) => paint(90, l));
  const labels = [t('report.expected'), t('report.actual'), t('report.hint')];
  const width = Math.max(...labels.map((l) => l.length)) + 1;
  const field = (label: string, value: string | undefined) => {
    if (!value) return;
    const [first, ...rest] = value.split('\n');
    lines.push(`${pad}${paint(90, `${label}:`.padEnd(width))} ${first}`);
    for (const line of rest) lines.push(`${pad}${' '.repeat(width)} ${line}`);
  };
  field(labels[0], check.expected);
  field(labels[1], check.actual);
  field(labels[2], check.hint);
  return lines;
}

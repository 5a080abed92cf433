import { translator } from '../i18n/index.js';
import type { CheckResult, CheckStatus } from '../runner/result.js';
import type { Reporter } from './types.js';

const MARKS: Record<CheckStatus, string> = { pass: '✔', fail: '✘', error: '!', skip: '○' };
const COLORS: Record<CheckStatus, number> = { pass: 32, fail: 31, error: 33, skip: 90 };

/** A checklist for people: a mark per check, details under each one that did not pass. */
export const pretty: Reporter = (result, { lang, color }) => {
  const t = translator(lang);
  const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const out: string[] = [];
  for (const lab of result.labs) {
    out.push(paint(1, `${t('report.lab')} ${lab.id} · ${lab.slug} — ${lab.title}`));
    const width = Math.max(...lab.checks.map((c) => c.id.length));
    for (const check of lab.checks) {
      out.push(`  ${paint(COLORS[check.status], MARKS[check.status])} ${check.id.padEnd(width)}  ${check.title}`);
      out.push(...details(check, t, paint));
    }
    const count = (s: CheckStatus) => lab.checks.filter((c) => c.status === s).length;
    const parts = [
      `${t('report.score')}: ${lab.score}/${lab.maxScore}`,
      `${count('pass')} ${t('report.passed')}`,
      `${count('fail')} ${t('report.failed')}`,
      count('error') ? `${count('error')} ${t('report.errors')}` : '',
      count('skip') ? `${count('skip')} ${t('report.skipped')}` : '',
      `${(lab.durationMs / 1000).toFixed(1)} s`,
    ].filter(Boolean);
    out.push('', paint(lab.status === 'pass' ? 32 : 31, parts.join(' · ')), '');
  }
  return out.join('\n');
};

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

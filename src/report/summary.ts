import type { Translator } from '../i18n/index.js';
import type { CheckResult, LabResult } from '../runner/result.js';

export type State = 'pass' | 'fail' | 'error' | 'blocked' | 'ungraded' | 'optional';

/** What a check means for the grade: blocked earns nothing, ungraded never counts, optional is left out. */
export function gradeStateOf(c: CheckResult): State {
  if (c.status !== 'skip') return c.status;
  return c.skipReason === 'blocked' ? 'blocked' : c.skipReason === 'incomplete' ? 'ungraded' : 'optional';
}

/** Counted against the student's score: passed, failed or blocked by a failure. */
export const isGraded = (c: CheckResult): boolean => ['pass', 'fail', 'blocked'].includes(gradeStateOf(c));

/** "Score: 2/4 · 2 passed · 1 failed · 1 blocked · 2 not graded · 1 skipped · 1.2 s", zero counts left out. */
export function summaryParts(lab: LabResult, t: Translator): string[] {
  const count = (pick: (c: CheckResult) => boolean) => lab.checks.filter(pick).length;
  const ungraded = count((c) => c.status === 'error' || c.skipReason === 'incomplete');
  const blocked = count((c) => c.skipReason === 'blocked');
  const optional = count((c) => c.skipReason === 'optional');
  return [
    `${t('report.score')}: ${lab.score}/${lab.maxScore}`,
    `${count((c) => c.status === 'pass')} ${t('report.passed')}`,
    `${count((c) => c.status === 'fail')} ${t('report.failed')}`,
    blocked ? `${blocked} ${t('report.blocked')}` : '',
    ungraded ? `${ungraded} ${t('report.ungraded')}` : '',
    optional ? `${optional} ${t('report.skipped')}` : '',
    `${(lab.durationMs / 1000).toFixed(1)} s`,
  ].filter(Boolean);
}

export const labHeading = (lab: LabResult, t: Translator): string => `${t('report.lab')} ${lab.id} · ${lab.slug} — ${lab.title}`;

/** The details of a check that did not pass, one "label: value" per line. */
export function detailLines(c: CheckResult, t: Translator): string[] {
  return [
    c.message,
    c.expected && `${t('report.expected')}: ${c.expected}`,
    c.actual && `${t('report.actual')}: ${c.actual}`,
    c.hint && `${t('report.hint')}: ${c.hint}`,
  ].filter((s): s is string => !!s);
}

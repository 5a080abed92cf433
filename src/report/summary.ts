import type { MessageKey, Translator } from '../i18n/index.js';
import { gradeStateOf, type CheckResult, type LabResult } from '../runner/result.js';

/** "Score: 2/4 · 2 passed · 1 failed · 1 blocked · 2 not graded · 1 skipped · 1.2 s", zero counts left out. */
export function summaryParts(lab: LabResult, t: Translator): string[] {
  const count = (pick: (c: CheckResult) => boolean) => lab.checks.filter(pick).length;
  const ungraded = count((c) => ['error', 'ungraded'].includes(gradeStateOf(c)));
  const blocked = count((c) => gradeStateOf(c) === 'blocked');
  const optional = count((c) => gradeStateOf(c) === 'optional');
  // "1 fallida", "2 fallidas": the word agrees with the number.
  const n = (how: number, many: MessageKey, one: MessageKey) => `${how} ${t(how === 1 ? one : many)}`;
  return [
    `${t('report.score')}: ${lab.score}/${lab.maxScore}`,
    n(count((c) => c.status === 'pass'), 'report.passed', 'report.passedOne'),
    n(count((c) => c.status === 'fail'), 'report.failed', 'report.failedOne'),
    blocked ? n(blocked, 'report.blocked', 'report.blockedOne') : '',
    ungraded ? n(ungraded, 'report.ungraded', 'report.ungradedOne') : '',
    optional ? n(optional, 'report.skipped', 'report.skippedOne') : '',
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

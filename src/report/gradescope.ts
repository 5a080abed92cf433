import { translator, type Translator } from '../i18n/index.js';
import type { CheckResult, LabResult } from '../runner/result.js';
import { gradeStateOf } from '../runner/result.js';
import { detailLines, labHeading, summaryParts } from './summary.js';
import type { Reporter } from './types.js';

interface Test { name: string; score: number; max_score: number; status: 'passed' | 'failed'; output: string }

/**
 * The results.json that Gradescope-style autograders read. Checks the grader could not ask are
 * worth 0 here, so they never lower the student's grade; optional checks that did not run are left out.
 */
export const gradescope: Reporter = (result, { lang }) => {
  const t = translator(lang);
  const tests = result.labs.flatMap((lab) => lab.checks.filter((c) => gradeStateOf(c) !== 'optional').map((c) => test(lab, c, t)));
  const output = result.labs.flatMap((lab) => labLines(lab, t));
  if (result.labs.length > 1) output.push(`${t('report.total')}: ${result.total.score}/${result.total.maxScore}`);
  const report = {
    score: result.total.score,
    max_score: result.total.maxScore,
    execution_time: Math.round(result.labs.reduce((n, l) => n + l.durationMs, 0) / 1000),
    output: output.join('\n'),
    output_format: 'text',
    tests,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
};

const labLines = (lab: LabResult, t: Translator) => [
  `${labHeading(lab, t)}: ${summaryParts(lab, t).join(' · ')}`,
  ...(lab.error ? [lab.error] : []),
  ...(lab.incomplete ? [t('report.gradeIncomplete', { points: lab.ungradedPoints })] : []),
];

function test(lab: LabResult, c: CheckResult, t: Translator): Test {
  const state = gradeStateOf(c);
  const name = `${lab.id}-${lab.slug}/${c.id}: ${c.title}`;
  if (state === 'pass') return { name, score: c.points, max_score: c.points, status: 'passed', output: c.message ?? '' };
  if (state === 'error' || state === 'ungraded') return { name, score: 0, max_score: 0, status: 'failed', output: [t('report.notGraded'), c.message].filter(Boolean).join('\n') };
  const lines = detailLines(c, t);
  return { name, score: 0, max_score: c.points, status: 'failed', output: (state === 'blocked' ? [...lines, t('report.blockedNote')] : lines).join('\n') };
}

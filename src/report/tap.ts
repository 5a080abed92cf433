import { yaml as yamlModule } from '../lazy-modules.js';
import { translator } from '../i18n/index.js';
import { gradeStateOf } from '../runner/result.js';
import { labHeading, summaryParts } from './summary.js';
import type { Reporter } from './types.js';

const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ');
// A description must not end the line early nor start a directive.
const description = (s: string) => oneLine(s).replace(/\\/g, '\\\\').replace(/#/g, '\\#');

/**
 * TAP version 14: one test point per check. Failures, blocked checks and checks the grader
 * could not ask are `not ok` with a YAML diagnostic; skips that do not count are `# SKIP`.
 */
export const tap: Reporter = (result, { lang }) => {
  const t = translator(lang);
  const total = result.labs.reduce((n, l) => n + l.checks.length, 0);
  const out = ['TAP version 14', `1..${total}`];
  let n = 0;
  for (const lab of result.labs) {
    out.push(`# ${oneLine(labHeading(lab, t))}`);
    for (const c of lab.checks) {
      const name = `${n + 1} - ${description(`${lab.id}-${lab.slug}/${c.id}: ${c.title}`)}`;
      n++;
      const state = gradeStateOf(c);
      if (state === 'pass') out.push(`ok ${name}`);
      else if (state === 'optional' || state === 'ungraded') out.push(`ok ${name} # SKIP ${oneLine(c.message ?? t(`report.state.${state}`))}`);
      else {
        const note = state === 'error' ? t('report.notGraded') : state === 'blocked' ? t('report.blockedNote') : undefined;
        const diag = { severity: state, note, message: c.message, expected: c.expected, actual: c.actual, hint: c.hint, points: c.points };
        const yaml = yamlModule().stringify(JSON.parse(JSON.stringify(diag)), { lineWidth: 0 }).trimEnd();
        out.push(`not ok ${name}`, '  ---', ...yaml.split('\n').map((l) => `  ${l}`), '  ...');
      }
    }
    out.push(`# ${summaryParts(lab, t).join(' · ')}`);
    if (lab.incomplete) out.push(`# ${t('report.gradeIncomplete', { points: lab.ungradedPoints })}`);
  }
  if (result.labs.length > 1) out.push(`# ${t('report.total')}: ${result.total.score}/${result.total.maxScore}`);
  return `${out.join('\n')}\n`;
};

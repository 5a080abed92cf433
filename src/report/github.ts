import { translator, type Translator } from '../i18n/index.js';
import type { CheckResult, LabResult, RunResult } from '../runner/result.js';
import { gradeStateOf, type GradeState as State } from '../runner/result.js';
import { detailLines, labHeading, summaryParts } from './summary.js';
import type { ReportOptions, Reporter } from './types.js';

// As @actions/core escapes them: data loses %, CR and LF; properties also , and :.
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const command = (kind: 'error' | 'warning' | 'notice', title: string, message: string) => `::${kind} title=${property(title)}::${data(message)}`;

/**
 * GitHub Actions workflow commands: an error per failed check, a warning per check the grader
 * could not ask (grade incomplete), a notice per blocked check and one with each lab's score.
 * The Markdown job summary is `githubSummary`; the CLI appends it to $GITHUB_STEP_SUMMARY.
 */
export const github: Reporter = (result, { lang }) => {
  const t = translator(lang);
  const out: string[] = [];
  for (const lab of result.labs) {
    for (const c of lab.checks) {
      const title = `${t('report.lab')} ${lab.id} · ${c.id}: ${c.title}`;
      const state = gradeStateOf(c);
      if (state === 'fail') out.push(command('error', title, detailLines(c, t).join('\n')));
      else if (state === 'error') out.push(command('warning', `${title} (${t('report.state.error')})`, [c.message, t('report.notGraded')].filter(Boolean).join('\n')));
      else if (state === 'blocked') out.push(command('notice', `${title} (${t('report.state.blocked')})`, [c.message, t('report.blockedNote')].filter(Boolean).join('\n')));
    }
    out.push(command(lab.incomplete ? 'warning' : 'notice', labHeading(lab, t), scoreLines(lab, t).join('\n')));
  }
  if (result.labs.length > 1) out.push(command('notice', t('report.total'), totalLine(result, t)));
  return out.length ? `${out.join('\n')}\n` : '';
};

const scoreLines = (lab: LabResult, t: Translator) => [
  summaryParts(lab, t).join(' · '),
  ...(lab.incomplete ? [t('report.gradeIncomplete', { points: lab.ungradedPoints })] : []),
];
const totalLine = (result: RunResult, t: Translator) =>
  `${t('report.total')}: ${result.total.score}/${result.total.maxScore}${result.total.incomplete ? ` · ${t('report.gradeIncomplete', { points: result.total.ungradedPoints })}` : ''}`;

const ICONS: Record<State, string> = { pass: '✅', fail: '❌', error: '⚠️', blocked: '⛔', ungraded: '⚪', optional: '⏭️' };
// Student text goes into table cells: no raw HTML, no pipes, no line breaks.
const cell = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
const code = (s: string) => `<code>${cell(s)}</code>`;

/** The job summary: per lab, the score and a table of checks, in Markdown. */
export function githubSummary(result: RunResult, { lang }: ReportOptions): string {
  const t = translator(lang);
  const out: string[] = [];
  for (const lab of result.labs) {
    out.push(`## ${cell(labHeading(lab, t))}`, '', `**${cell(summaryParts(lab, t).join(' · '))}**`, '');
    if (lab.incomplete) out.push('> [!WARNING]', `> ${cell(t('report.gradeIncomplete', { points: lab.ungradedPoints }))}`, '');
    out.push(`| | ${t('report.check')} | ${t('report.points')} | ${t('report.details')} |`, '| :-: | --- | --: | --- |');
    for (const c of lab.checks) out.push(row(c, t));
    out.push('');
  }
  if (result.labs.length > 1) out.push(`**${cell(totalLine(result, t))}**`, '');
  return `${out.join('\n')}\n`;
}

function row(c: CheckResult, t: Translator): string {
  const state = gradeStateOf(c);
  const points = state === 'pass' ? `${c.points}/${c.points}` : state === 'fail' || state === 'blocked' ? `0/${c.points}` : '–';
  const details = state === 'pass' ? '' : [`**${t(`report.state.${state}`)}**`, ...detailLines(c, t).map(cell)].join('<br>');
  return `| ${ICONS[state]} | ${code(c.id)} ${cell(c.title)} | ${points} | ${details} |`;
}

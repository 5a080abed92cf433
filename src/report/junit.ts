import { translator } from '../i18n/index.js';
import { gradeStateOf, type CheckResult, type GradeState } from '../runner/result.js';
import type { Reporter } from './types.js';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '');
const secs = (ms: number) => (ms / 1000).toFixed(3);

// A blocked check costs points, so it reads as a failure (caused by another check), not a skip.
type Tag = 'failure' | 'error' | 'skipped' | undefined;
const TAGS: Record<GradeState, Tag> = { pass: undefined, fail: 'failure', blocked: 'failure', error: 'error', ungraded: 'skipped', optional: 'skipped' };

/** One testsuite per lab and one testcase per check, for CI dashboards. */
export const junit: Reporter = (result, { lang }) => {
  const t = translator(lang);
  const count = (s: Tag) => result.labs.reduce((n, l) => n + l.checks.filter((c) => TAGS[gradeStateOf(c)] === s).length, 0);
  const tests = result.labs.reduce((n, l) => n + l.checks.length, 0);
  const time = result.labs.reduce((n, l) => n + l.durationMs, 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${esc(result.tool.name)}" tests="${tests}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}" time="${secs(time)}">`,
  ];
  for (const lab of result.labs) {
    const n = (s: Tag) => lab.checks.filter((c) => TAGS[gradeStateOf(c)] === s).length;
    out.push(
      `  <testsuite name="${esc(`${lab.id}-${lab.slug}`)}" tests="${lab.checks.length}" failures="${n('failure')}" errors="${n('error')}" skipped="${n('skipped')}" time="${secs(lab.durationMs)}">`,
      `    <properties><property name="title" value="${esc(lab.title)}"/><property name="score" value="${lab.score}"/><property name="maxScore" value="${lab.maxScore}"/><property name="ungradedPoints" value="${lab.ungradedPoints}"/><property name="incomplete" value="${lab.incomplete}"/></properties>`,
    );
    for (const check of lab.checks) out.push(...testcase(`lab.${lab.id}-${lab.slug}`, check, t));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
};

function testcase(classname: string, c: CheckResult, t: ReturnType<typeof translator>): string[] {
  const open = `    <testcase classname="${esc(classname)}" name="${esc(`${c.id}: ${c.title}`)}" time="${secs(c.durationMs)}"`;
  const state = gradeStateOf(c);
  const tag = TAGS[state];
  if (!tag) return [`${open}/>`];
  if (tag === 'skipped') return [`${open}>`, `      <skipped message="${esc(c.message ?? '')}"/>`, '    </testcase>'];
  const type = state === 'blocked' ? ' type="blocked"' : '';
  const body = [
    c.expected && `${t('report.expected')}: ${c.expected}`,
    c.actual && `${t('report.actual')}: ${c.actual}`,
    c.hint && `${t('report.hint')}: ${c.hint}`,
  ].filter(Boolean).join('\n');
  return [`${open}>`, `      <${tag} message="${esc(c.message ?? '')}"${type}>${esc(body)}</${tag}>`, '    </testcase>'];
}

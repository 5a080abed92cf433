import type { LabSelftest } from './run.js';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '');
const secs = (ms: number) => (ms / 1000).toFixed(3);

/** One testsuite per lab and one testcase per case: a mismatch is a failure, a case not run here is skipped. */
export function selftestJunit(results: LabSelftest[]): string {
  const count = (rows: LabSelftest['rows'], what: 'failures' | 'skipped') => rows.filter((r) => (what === 'skipped' ? r.skipped : !r.skipped && r.mismatches.length)).length;
  const rows = results.flatMap((r) => r.rows);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="lab selftest" tests="${rows.length}" failures="${count(rows, 'failures')}" errors="0" skipped="${count(rows, 'skipped')}" time="${secs(rows.reduce((n, r) => n + r.durationMs, 0))}">`,
  ];
  for (const { lab, rows } of results) {
    out.push(`  <testsuite name="${esc(`${lab.id}-${lab.slug}`)}" tests="${rows.length}" failures="${count(rows, 'failures')}" errors="0" skipped="${count(rows, 'skipped')}" time="${secs(rows.reduce((n, r) => n + r.durationMs, 0))}">`);
    for (const r of rows) {
      const open = `    <testcase classname="${esc(`selftest.${lab.id}-${lab.slug}`)}" name="${esc(r.variant)}" time="${secs(r.durationMs)}"`;
      if (r.skipped) out.push(`${open}>`, `      <skipped message="${esc(r.skipped)}"/>`, '    </testcase>');
      else if (r.mismatches.length) out.push(`${open}>`, `      <failure message="${esc(`expected ${r.expected}; got ${r.got}`)}">${esc(r.mismatches.join('\n'))}</failure>`, '    </testcase>');
      else out.push(`${open}/>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

import type { Translator } from '../i18n/index.js';
import { labOk, type LabSelftest } from './run.js';

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].length));

/** One table per lab: case × expected vs got, then what did not match, in words. */
export function selftestTable(results: LabSelftest[], t: Translator): string {
  const out: string[] = [];
  for (const { lab, rows } of results) {
    const w = [t('selftest.variant'), ...rows.map((r) => r.variant)].reduce((n, s) => Math.max(n, [...s].length), 0);
    const we = [t('selftest.expected'), ...rows.map((r) => r.expected)].reduce((n, s) => Math.max(n, [...s].length), 0);
    out.push(t('selftest.lab', { id: lab.id, slug: lab.slug }));
    const wm = [t('selftest.ok'), t('selftest.mismatch'), t('selftest.skipped')].reduce((n, s) => Math.max(n, [...s].length), 0);
    out.push(`  ${pad('', wm)}  ${pad(t('selftest.variant'), w)}  ${pad(t('selftest.expected'), we)}  ${t('selftest.got')}`);
    for (const r of rows) {
      const mark = r.skipped ? t('selftest.skipped') : r.mismatches.length ? t('selftest.mismatch') : t('selftest.ok');
      out.push(`  ${pad(mark, wm)}  ${pad(r.variant, w)}  ${pad(r.expected, we)}  ${r.skipped ?? r.got}`.trimEnd());
      for (const m of r.mismatches) out.push(`      ${m}`);
    }
    out.push('');
  }
  const rows = results.flatMap((r) => r.rows).filter((r) => !r.skipped);
  const bad = rows.filter((r) => r.mismatches.length).length;
  out.push(t('selftest.summary', { ok: rows.length - bad, total: rows.length }) + (bad ? `; ${t('selftest.mismatches', { count: bad })}` : ''));
  return `${out.join('\n')}\n`;
}

export const allOk = (results: LabSelftest[]) => results.every(labOk);

import type { GradebookRow } from '../../src/class/grade-class.js';
import { boardOf } from '../../src/report/board.js';
import { boardPage, gradebookHtml, studentId } from '../../src/report/html.js';
import type { CheckResult, LabResult } from '../../src/runner/result.js';

const check = (id: string, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult => ({ id, title: `Title of ${id}`, status, points: 1, durationMs: 1, ...extra });
const lab = (checks: CheckResult[], extra: Partial<LabResult> = {}): LabResult => ({
  id: '4', slug: 'daemonset', title: 'DaemonSet <nginx-ds>', status: 'fail', score: checks.filter((c) => c.status === 'pass').length, maxScore: checks.filter((c) => c.skipReason !== 'optional').length, ungradedPoints: 0, incomplete: false, durationMs: 5, checks, ...extra,
});
const row = (student: string, checks: CheckResult[], extra: Partial<GradebookRow> = {}): GradebookRow => ({ student, namespace: student, lab: lab(checks), ...extra });

const blocked = (id: string) => check(id, 'skip', { skipReason: 'blocked', message: 'Blocked: exists must pass first.' });
const rows: GradebookRow[] = [
  row('ana', [check('exists', 'pass'), check('image-pinned', 'pass'), check('on-every-node', 'fail', { message: '2 of 4 nodes', hint: 'Add a toleration' })]),
  row('bea', [check('exists', 'pass'), check('image-pinned', 'fail', { message: 'nginx:latest moves', expected: 'a pinned tag', actual: 'nginx:latest', hint: 'Use nginx:1.22' }), check('on-every-node', 'fail')]),
  row('carl<script>', [check('exists', 'fail'), blocked('image-pinned'), blocked('on-every-node')]),
  row('dani', [check('exists', 'pass'), check('image-pinned', 'pass'), check('on-every-node', 'pass'), check('manifest', 'skip', { skipReason: 'optional' })]),
];

describe('boardOf', () => {
  const board = boardOf(rows);
  test('the most-failed check comes first; ties keep the lab\'s order', () => {
    expect(board.columns.map((c) => [c.check, c.passed, c.students])).toEqual([
      ['on-every-node', 1, 4],
      ['image-pinned', 2, 4],
      ['exists', 3, 4],
    ]);
    // manifest runs only with --manifest: nobody was asked, so it is no column.
  });
  test('a student per row, with their score and each check\'s state and hint', () => {
    expect(board.students.map((s) => [s.student, s.score, s.maxScore])).toEqual([['ana', 2, 3], ['bea', 1, 3], ['carl<script>', 0, 3], ['dani', 3, 3]]);
    expect(board.students[1].cells['4/image-pinned']).toEqual({ check: 'image-pinned', state: 'fail', title: 'Title of image-pinned', points: 1, message: 'nginx:latest moves', expected: 'a pinned tag', actual: 'nginx:latest', hint: 'Use nginx:1.22' });
    expect(board.students[2].cells['4/image-pinned'].state).toBe('blocked');
  });
  test('several labs add up per student', () => {
    const two = boardOf([...rows.slice(0, 1), { ...rows[0], lab: { ...rows[0].lab, id: '3' } }]);
    expect(two.students).toHaveLength(1);
    expect(two.students[0].score).toBe(4);
    expect(two.columns).toHaveLength(6);
    expect(two.labs.map((l) => l.id)).toEqual(['4', '3']);
  });
});

describe('the HTML board', () => {
  const page = gradebookHtml(rows, { lang: 'en', generatedAt: '2026-12-02T12:00:00.000Z', csv: 'student,x\nana,1\n', json: '{"a":1}' });

  test('is one self-contained file: no external script, style, image or font, and a policy that forbids fetching', () => {
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(page).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'"`);
    expect(page).not.toContain('connect-src');
    expect(page).toContain('data-live="false"');
  });

  test('a real table: a caption, column headers per check in the board\'s order, a row header per student', () => {
    const table = /<table id="grid">([\s\S]*?)<\/table>/.exec(page)![1];
    expect(table).toMatch(/^<caption>One row per student/);
    const heads = [...table.matchAll(/<th scope="col"[^>]*>(.*?)<\/th>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
    expect(heads).toEqual(['Student', 'Score', 'on-every-node', 'image-pinned', 'exists']);
    const rowHeads = [...table.matchAll(/<th scope="row"><a href="#([^"]+)">(.*?)<\/a><\/th>/g)].map((m) => [m[1], m[2]]);
    expect(rowHeads).toEqual([['student-ana', 'ana'], ['student-bea', 'bea'], ['student-carl_3cscript_3e', 'carl&lt;script&gt;'], ['student-dani', 'dani']]);
  });

  test('every cell says its state in words for a screen reader, not only by colour', () => {
    const cells = [...page.matchAll(/<td class="c (\w+)"[^>]*><span aria-hidden="true">(.)<\/span><span class="sr">([^<]+)<\/span><\/td>/g)].map((m) => [m[1], m[2], m[3]]);
    expect(cells).toHaveLength(12);
    expect(cells.slice(0, 3)).toEqual([['fail', '✗', 'failed'], ['pass', '✓', 'passed'], ['pass', '✓', 'passed']]);
    expect(cells[6]).toEqual(['blocked', '⊘', 'blocked']);
    // A student without a check (it is another lab's) gets an empty cell, not a verdict.
    const other = boardPage(boardOf([rows[0], { ...rows[1], lab: { ...rows[1].lab, id: '3' } }]), { lang: 'en' });
    expect(other.match(/<td class="c none"><\/td>/g)).toHaveLength(6);
  });

  test('completion bars say how many students have each check, most stuck first', () => {
    const bars = [...page.matchAll(/<span class="bar-text">([^<]+)<\/span>/g)].map((m) => m[1]);
    expect(bars).toEqual(['1 of 4 students have on-every-node', '2 of 4 students have image-pinned', '3 of 4 students have exists']);
    expect(page).toContain('<span style="width:25%">');
  });

  test('a student\'s detail shows what did not pass with the hint they see; everything is escaped', () => {
    const bea = new RegExp(`<article id="${studentId('bea')}"[\\s\\S]*?</article>`).exec(page)![0];
    expect(bea).toContain('<strong>image-pinned</strong>');
    expect(bea).toContain('<dt>hint</dt><dd>Use nginx:1.22</dd>');
    expect(bea).toContain('<dt>found</dt><dd>nginx:latest</dd>');
    expect(bea).not.toContain('<strong>exists</strong>');
    expect(page).not.toContain('carl<script>');
    expect(page).toContain('DaemonSet &lt;nginx-ds&gt;');
    expect(new RegExp(`<article id="${studentId('dani')}"[\\s\\S]*?</article>`).exec(page)![0]).toContain('Everything passed.');
  });

  test('the gradebook downloads are inside the file', () => {
    expect(page).toContain(`<a id="dl-csv" download="gradebook.csv" href="data:text/csv;charset=utf-8,${encodeURIComponent('student,x\nana,1\n')}">CSV</a>`);
    expect(page).toContain('download="gradebook.json"');
  });

  test('in Spanish', () => {
    const es = boardPage(boardOf(rows), { lang: 'es' });
    expect(es).toContain('<html lang="es">');
    expect(es).toContain('1 de 4 alumnos tienen on-every-node');
    expect(es).toContain('<span class="sr">fallida</span>');
    expect(es).toContain('<th scope="col">Alumno</th>');
  });

  test('served live, it may stream from its own server and nothing else', () => {
    const live = boardPage(boardOf(rows), { lang: 'en', live: true, downloads: { csv: 'gradebook.csv', json: 'gradebook.json' } });
    expect(live).toContain("connect-src 'self';");
    expect(live).toContain('data-live="true"');
    expect(live).toContain('href="gradebook.csv"');
  });
});

import { Parser, type FinalResults } from 'tap-parser';
import { githubSummary } from '../../src/report/github.js';
import { reporters } from '../../src/report/index.js';
import { mixed, twoLabs } from './fixtures/mixed-result.js';

const en = { lang: 'en', color: false } as const;

function parseTap(text: string): Promise<{ final: FinalResults; asserts: { ok: boolean; id: number; name: string; skip: boolean | string; diag: Record<string, unknown> | null }[] }> {
  return new Promise((done) => {
    const asserts: any[] = [];
    const parser = new Parser({ strict: true });
    parser.on('assert', (a) => asserts.push(a));
    parser.on('complete', (final: FinalResults) => done({ final, asserts }));
    parser.end(text);
  });
}

describe('tap', () => {
  test('a TAP parser reads every check: failures, errors and blocked are not ok with a diagnostic, skips are SKIP', async () => {
    const { final, asserts } = await parseTap(reporters.tap(mixed, en));
    expect(final.plan).toMatchObject({ start: 1, end: 7 });
    expect(final.count).toBe(7);
    expect(final.ok).toBe(false);
    expect(final.failures.filter((f) => f.tapError)).toEqual([]);
    expect(asserts.map((a) => [a.id, a.ok, a.skip ? 'skip' : ''])).toEqual([
      [1, true, ''], [2, false, ''], [3, false, ''], [4, true, 'skip'], [5, false, ''], [6, true, 'skip'], [7, true, ''],
    ]);
    expect(asserts[1].diag).toMatchObject({ severity: 'fail', expected: 'an explicit tag other than latest', actual: 'mysql:latest', hint: 'Give the version, for example mysql:5.7.\nSecond line <with> "markup".' });
    expect(asserts[2].diag).toMatchObject({ severity: 'error', message: 'Could not check: boom' });
    expect(String(asserts[2].diag.note)).toContain('could not check');
    expect(asserts[4].diag).toMatchObject({ severity: 'blocked' });
    expect(asserts[5].skip).toBe('Skipped: runs only with --deep.');
    expect(final.todo).toBe(0);
  });

  test('names keep their # and the plan counts every lab', async () => {
    const text = reporters.tap(twoLabs, en);
    const { final, asserts } = await parseTap(text);
    expect(final.count).toBe(9);
    expect(asserts[7]).toMatchObject({ ok: true, name: '2-wordpress/port-published: Port 8081, # TODO: published, 100%', skip: false, todo: false });
    expect(asserts[8].diag.message).toBe('HTTP 500\r\nfrom 127.0.0.1:8081, 50% of the time');
    expect(text).toContain('# Total: 3/6\n');
  });
});

/** What GitHub does with a workflow command, after @actions/core's escaping. */
function parseCommand(line: string) {
  const m = /^::(\w+) (.*?)::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const unescape = (s: string) => s.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const props = Object.fromEntries(m[2].split(',').map((p) => [p.slice(0, p.indexOf('=')), unescape(p.slice(p.indexOf('=') + 1))]));
  return { kind: m[1], props, message: unescape(m[3]) };
}

describe('github', () => {
  test('one workflow command per line: errors for failures, a warning for what could not be graded, a notice for blocked', () => {
    const lines = reporters.github(twoLabs, en).trimEnd().split('\n');
    const commands = lines.map(parseCommand);
    expect(commands.map((c) => c.kind)).toEqual(['error', 'warning', 'notice', 'warning', 'error', 'notice', 'notice']);
    expect(commands[1].props.title).toBe('Lab 1 · db-login: usuario logs in (not graded)');
    expect(commands[1].message).toContain('the grade is incomplete');
    expect(commands[2].props.title).toContain('(blocked)');
    // %, CR, LF, commas and colons survive the round trip; nothing is split early.
    expect(commands[4].props.title).toBe('Lab 2 · serves-http: Serves | the page');
    expect(commands[4].message).toBe('HTTP 500\r\nfrom 127.0.0.1:8081, 50% of the time\nexpected: 200\nfound: 500');
    expect(commands[5].props.title).toBe('Lab 2 · wordpress — WordPress, 100% on: port 8081');
    expect(commands[6].message).toContain('Total: 3/6');
    expect(lines.every((l) => !/[\r]/.test(l))).toBe(true);
  });

  test('the job summary is a table per lab whose cells cannot break the table or inject HTML', () => {
    const md = githubSummary(twoLabs, en);
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| :'));
    expect(rows).toHaveLength(2 + 7 + 2);
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6);
    expect(md).toContain('Serves \\| the page');
    expect(md).not.toContain('<with>');
    expect(md).toContain('**Total: 3/6');
  });
});

describe('gradescope', () => {
  test('has the results.json shape, and its tests add up to the score', () => {
    const out = JSON.parse(reporters.gradescope(twoLabs, en));
    expect(Object.keys(out).sort()).toEqual(['execution_time', 'max_score', 'output', 'output_format', 'score', 'tests']);
    for (const t of out.tests) {
      expect(Object.keys(t).sort()).toEqual(['max_score', 'name', 'output', 'score', 'status']);
      expect(['passed', 'failed']).toContain(t.status);
    }
    const sum = (k: 'score' | 'max_score') => out.tests.reduce((n: number, t: Record<string, number>) => n + t[k], 0);
    expect([out.score, out.max_score]).toEqual([3, 6]);
    expect([sum('score'), sum('max_score')]).toEqual([3, 6]);
  });

  test('checks the grader could not ask never count against the student, optional ones are left out', () => {
    const out = JSON.parse(reporters.gradescope(mixed, en));
    const byId = (id: string) => out.tests.find((t: { name: string }) => t.name.startsWith(`1-mysql/${id}:`));
    expect(byId('db-login')).toMatchObject({ score: 0, max_score: 0 });
    expect(byId('db-login').output).toContain('could not check');
    expect(byId('db-has-tables')).toMatchObject({ score: 0, max_score: 0 });
    expect(byId('image-version')).toMatchObject({ score: 0, max_score: 1, status: 'failed' });
    expect(byId('data-survives-recreate')).toBeUndefined();
    expect(out.output).toContain('Grade incomplete: 3 point(s)');
  });
});

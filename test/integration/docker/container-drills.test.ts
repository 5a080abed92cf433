import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reporters } from '../../../src/report/index.js';
import { LABS, sh } from '../../labs/harness.js';
import { byId, checksOf, CLI, docker, expectNoStack, lab, run, statusOf } from './drill-helpers.js';

/**
 * Drills on the system engine, where the student's mimysql is in a state a lab's wrong
 * variants do not cover: stuck in a restart loop, paused, still starting, env values
 * with quotes and unicode, a huge log. Run under the docker lock: they create mimysql.
 */
const work = mkdtempSync(join(tmpdir(), 'lgdrill-'));
const dataDir = () => mkdtempSync(join(work, 'mysql-data-'));

function removeMimysql() {
  try { docker(['rm', '-f', '-v', 'mimysql']); } catch { /* not there */ }
}

/** `docker run -d --name mimysql` with the solution's settings, plus `extra` before the image. */
function runMimysql(extra: string[] = [], env: Record<string, string> = {}, cmd: string[] = []) {
  const vars = { MYSQL_ROOT_PASSWORD: 'password', MYSQL_DATABASE: 'curso', MYSQL_USER: 'usuario', MYSQL_PASSWORD: 'password', ...env };
  docker([
    'run', '-d', '--name', 'mimysql',
    ...Object.entries(vars).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    '-p', '3306:3306', '-v', `${dataDir()}:/var/lib/mysql`, ...extra, 'mysql:5.7', ...cmd,
  ]);
}

const inspect = (name: string) => JSON.parse(docker(['inspect', name]))[0] as { RestartCount: number; State: Record<string, unknown> };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Grades lab 1 until MySQL has finished its first start. */
async function untilUp() {
  const r = await lab(['check', '1', '--format', 'json', '--timeout', '90']);
  expect(r.code).toBe(0);
}

beforeAll(removeMimysql);
afterEach(removeMimysql);
afterAll(() => {
  removeMimysql();
  rmSync(work, { recursive: true, force: true });
});

test('a container stuck in a restart loop fails container-running with a hint that names the loop and shows its logs', async () => {
  runMimysql(['--restart', 'always', '--entrypoint', 'sh'], {}, ['-c', 'echo "mysqld: Can\'t open ibdata1" >&2; exit 3']);
  for (let i = 0; inspect('mimysql').RestartCount < 3; i++) {
    if (i > 100) throw new Error('mimysql never restarted');
    await sleep(200);
  }
  const r = await lab(['check', '1', '--format', 'json', '--lang', 'en']);
  const checks = checksOf(r);
  expect(r.code).toBe(1);
  const running = byId(checks, 'container-running');
  expect(running.status).toBe('fail');
  expect(running.message).toMatch(/^mimysql is stuck in a restart loop: it exits at once \(exit code 3\) and Docker starts it again \(\d+ restarts so far, --restart always\)\.$/);
  expect(running.hint).toContain('mimysql keeps restarting: the reason is in "docker logs mimysql"');
  expect(running.hint).toContain("| mysqld: Can't open ibdata1");
  expect(running.hint).not.toMatch(/^Start it with/);
  // The rest of its settings are right; what needs it running waits for it, and nothing is an error.
  expect(statusOf(checks)).toMatchObject({ 'container-exists': 'pass', 'env-passwords': 'pass', 'data-volume': 'pass', 'db-login': 'skip', 'db-root-login': 'skip' });
  expect(checks.filter((c) => c.status === 'error')).toEqual([]);
  expectNoStack(r);

  const es = checksOf(await lab(['check', '1', '--format', 'json', '--lang', 'es']));
  expect(byId(es, 'container-running').message).toContain('está atrapado en un bucle de reinicios');
  expect(byId(es, 'container-running').hint).toContain('se reinicia una y otra vez');
});

test('a paused container fails container-running with "docker unpause", and passes again once unpaused', async () => {
  runMimysql();
  await untilUp();
  docker(['pause', 'mimysql']);
  try {
    const r = await lab(['check', '1', '--format', 'json', '--lang', 'en', '--timeout', '30']);
    expect(r.code).toBe(1);
    const checks = checksOf(r);
    const running = byId(checks, 'container-running');
    expect(running.status).toBe('fail');
    expect(running.message).toBe('mimysql is paused: its processes are frozen, so it answers nothing.');
    expect(running.actual).toBe('paused');
    expect(running.hint).toContain('resume it with "docker unpause mimysql"');
    expect(statusOf(checks)).toMatchObject({ 'db-login': 'skip', 'db-root-login': 'skip' });
    expect(checks.filter((c) => c.status === 'error')).toEqual([]);
    // Told at once: a paused server is not one that is still starting.
    expect(r.ms).toBeLessThan(15_000);
    expectNoStack(r);
    const es = byId(checksOf(await lab(['check', '1', '--format', 'json', '--lang', 'es'])), 'container-running');
    expect(es.hint).toContain('reanúdalo con "docker unpause mimysql"');
  } finally {
    docker(['unpause', 'mimysql']);
  }
  expect((await lab(['check', '1', '--format', 'json'])).code).toBe(0);
});

test('the port is published but the database is still starting: eventually waits for it, within the timeout, and passes', async () => {
  // The reference solution, graded the moment `docker run` returns.
  const dir = mkdtempSync(join(work, 'solution-'));
  const applied = await sh(join(LABS, '01-mysql', 'solution', 'run.sh'), dir);
  expect(applied.code).toBe(0);
  const r = await lab(['check', '1', '--format', 'json', '--lang', 'en', '--timeout', '60']);
  const checks = checksOf(r);
  expect(checks.filter((c) => !['pass', 'skip'].includes(c.status))).toEqual([]);
  expect(r.code).toBe(0);
  // It really was not up at first: the login had to ask again.
  expect(byId(checks, 'db-login').durationMs).toBeGreaterThan(500);
  expect(r.ms).toBeLessThan(60_000);
  expectNoStack(r);
});

describe('env values with quotes, unicode or nothing at all', () => {
  const PASSWORD = `p'a"s$s\`w<ö>&]]>rd ñ`;
  const DATABASE = 'cursó_ñ😀';
  const labs = join(work, 'labs');

  beforeAll(() => {
    // Lab 1 with the odd values: a lab folder of its own, read through LAB_GRADER_LABS.
    const dir = join(labs, '01-odd');
    mkdirSync(dir, { recursive: true });
    // Statements of its own: lab 1's use its parameters (${db_name}…), which this lab.yaml does not declare.
    writeFileSync(join(dir, 'task.es.md'), '# Valores raros\n');
    writeFileSync(join(dir, 'task.en.md'), '# Odd values\n');
    const q = (s: string) => JSON.stringify(s);
    writeFileSync(join(dir, 'lab.yaml'), [
      'id: "1"', 'slug: odd', 'title: { es: Valores raros, en: Odd values }', 'target: docker', 'checks:',
      '  - id: env-odd', '    kind: docker.env', '    title: { es: Variables, en: Variables }',
      `    params: { container: mimysql, vars: { MYSQL_DATABASE: ${q(DATABASE)}, MYSQL_PASSWORD: ${q(PASSWORD)}, MYSQL_ROOT_PASSWORD: ${q(PASSWORD)}, LAB_EMPTY: "" } }`,
      '  - id: login-odd', '    kind: mysql.login', '    title: { es: Entra, en: Logs in }',
      // No database here: the server's own client creates a unicode name in latin1, which is MySQL's doing, not the grader's.
      `    params: { container: mimysql, port: 3306/tcp, user: usuario, password: ${q(PASSWORD)} }`,
      '',
    ].join('\n'));
  });

  test('the right values pass, compared byte for byte, and the login with them works', async () => {
    runMimysql([], { MYSQL_DATABASE: DATABASE, MYSQL_PASSWORD: PASSWORD, MYSQL_ROOT_PASSWORD: PASSWORD, LAB_EMPTY: '' });
    const r = await lab(['check', '1', '--format', 'json', '--lang', 'en', '--timeout', '90'], { LAB_GRADER_LABS: labs });
    expect(statusOf(checksOf(r))).toEqual({ 'env-odd': 'pass', 'login-odd': 'pass' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(DATABASE);
    expect(r.stdout).not.toContain(PASSWORD);
  });

  test('wrong, missing or empty-vs-unset values fail, and no report format shows a password', async () => {
    // An unset LAB_EMPTY is not the same as an empty one; the other password differs by one quote.
    const WRONG = PASSWORD.replace("'", '');
    runMimysql([], { MYSQL_DATABASE: `${DATABASE} `, MYSQL_PASSWORD: WRONG, MYSQL_ROOT_PASSWORD: PASSWORD });
    for (const format of Object.keys(reporters)) {
      const out = join(work, `report.${format}`);
      const r = await lab(['check', '1', '--format', format, '--lang', 'en', '--timeout', '5', '--output', out], { LAB_GRADER_LABS: labs });
      expect([format, r.code]).toEqual([format, 1]);
      expect(r.stderr).toBe('');
      const report = readFileSync(out, 'utf8');
      for (const secret of [PASSWORD, WRONG, 'p\'a"s', 'w<ö>']) expect([format, report.includes(secret)]).toEqual([format, false]);
      if (format === 'json') {
        const env = byId(checksOf({ code: 1, stdout: report, stderr: '', ms: 0 }), 'env-odd');
        expect(env.status).toBe('fail');
        expect(env.message).toBe('Variables with a value other than the one asked for: MYSQL_DATABASE, MYSQL_PASSWORD, LAB_EMPTY.');
        // The trailing space and the empty value are shown, quoted; the passwords never.
        expect(env.expected).toBe(`MYSQL_DATABASE=${DATABASE} MYSQL_PASSWORD=******** LAB_EMPTY=""`);
        expect(env.actual).toBe(`MYSQL_DATABASE="${DATABASE} " MYSQL_PASSWORD=******** (does not match) LAB_EMPTY=∅`);
      }
      if (format === 'junit') {
        const parsed = await run(['python3', '-c', 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); print(len(r.iter("testcase").__next__().attrib))', out]);
        expect([parsed.stderr, parsed.code]).toEqual(['', 0]);
      }
    }
  });
});

test('a container with a 200 MB log: the check reads only its tail, answers quickly, and memory stays bounded', async () => {
  // 200 MB of output, a 100 KB last line with no newline, then a crash: container-running shows the tail.
  const script = 'yes "$(head -c 999 /dev/zero | tr "\\0" x)" | head -c 200000000; echo; echo "fatal: the last words"; head -c 100000 /dev/zero | tr "\\0" y; exit 1';
  runMimysql(['--entrypoint', 'sh'], {}, ['-c', script]);
  for (let i = 0; inspect('mimysql').State.Running; i++) {
    if (i > 600) throw new Error('mimysql never finished writing its log');
    await sleep(500);
  }
  expect(statSync(docker(['inspect', '-f', '{{.LogPath}}', 'mimysql'])).size).toBeGreaterThan(200_000_000);

  const r = await run(['/usr/bin/time', '-f', 'maxrss_kb=%M', process.execPath, CLI, 'check', '1', '--format', 'json', '--lang', 'en']);
  const checks = checksOf(r);
  expect(r.code).toBe(1);
  const running = byId(checks, 'container-running');
  expect(running.status).toBe('fail');
  expect(running.message).toBe('mimysql is not running (state exited, exit code 1).');
  expect(running.hint).toContain('| fatal: the last words');
  // Ten lines at most, each cut short: the report stays readable.
  const logLines = running.hint!.split('\n').filter((l) => l.startsWith('  | '));
  expect(logLines.length).toBeLessThanOrEqual(10);
  for (const l of logLines) expect(l.length).toBeLessThanOrEqual(310);
  expect(r.stdout.length).toBeLessThan(50_000);
  // The usual timeout, not a tight timing; and nowhere near the log's size in memory.
  expect(r.ms).toBeLessThan(30_000);
  const rssKb = Number(/maxrss_kb=(\d+)/.exec(r.stderr)?.[1]);
  expect(rssKb).toBeGreaterThan(0);
  expect(rssKb).toBeLessThan(250_000);
  expectNoStack(r);
});

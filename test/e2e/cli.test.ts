import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli } from '../labs/harness.js';

/** The built CLI as a black box: exit codes, one-line errors, formats and files. */
const work = mkdtempSync(join(tmpdir(), 'lab-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const oneLine = (stderr: string) => stderr.trim().split('\n');

test('--help and list work without any engine', async () => {
  const help = await runCli(['--help'], { DOCKER_HOST: 'unix:///nonexistent.sock' });
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('check <lab..>');
  const ayuda = await runCli(['check', '--help'], { LANG: 'es_ES.UTF-8', LC_ALL: '' });
  expect(ayuda.stdout).toContain('Corrige una o varias prácticas');
  // Every heading in Spanish: yargs' own Spanish leaves "Positionals:" in English.
  expect(ayuda.stdout).toContain('Argumentos:');
  expect(ayuda.stdout).not.toMatch(/Positionals|Options:|Commands:/);
  const none = await runCli([], { LANG: 'es_ES.UTF-8', LC_ALL: '' });
  expect(none.stderr).toContain('doctor');
  expect((await runCli(['check', '--help', '--lang', 'en'])).stdout).toContain('Grade one or more labs');
  const list = await runCli(['list', '--lang', 'en']);
  expect(list.code).toBe(0);
  expect(list.stdout).toMatch(/^1\s+mysql\s+docker\s+MySQL container mimysql/m);
});

test('show prints the statement in the chosen language, LANG decides otherwise', async () => {
  expect((await runCli(['show', 'mysql', '--lang', 'en'])).stdout).toContain('# Lab 1');
  expect((await runCli(['show', '1'], { LANG: 'es_ES.UTF-8', LC_ALL: '' })).stdout).toContain('# Práctica 1');
  expect((await runCli(['show', '1'], { LANG: 'en_GB.UTF-8', LC_ALL: '' })).stdout).toContain('# Lab 1');
});

test('an unknown lab or option is a usage error: exit 2, one line', async () => {
  const unknown = await runCli(['check', '99', '--lang', 'en']);
  expect(unknown.code).toBe(2);
  // Every lab, in order (more may follow the first five).
  const [line, ...more] = oneLine(unknown.stderr);
  expect(more).toEqual([]);
  expect(line).toMatch(/^lab: There is no lab "99"\. Labs: 1 \(mysql\), 2 \(wordpress\), 3 \(nginx-pod\), 4 \(daemonset\), 5 \(fedora\)(, \d+ \([a-z0-9-]+\))*$/);
  const badFlag = await runCli(['check', '1', '--colour', '--lang', 'en']);
  expect(badFlag.code).toBe(2);
  expect(badFlag.stderr).toContain('Unknown argument');
});

test('an unreachable engine is exit 2 with one line that says what to do, and no stack trace', async () => {
  for (const host of ['unix:///nonexistent/docker.sock', 'tcp://127.0.0.1:1']) {
    const run = await runCli(['check', '1', '--lang', 'en'], { DOCKER_HOST: host });
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toHaveLength(1);
    expect(run.stderr).toContain(`Cannot connect to Docker at ${host}`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  }
});

test('with a machine format, an unreachable engine still writes the report (every check an error, nothing lost), the same one line and exit 2', async () => {
  const host = 'unix:///nonexistent/docker.sock';
  for (const format of ['json', 'gradescope', 'junit']) {
    const run = await runCli(['check', '1', '--format', format, '--lang', 'en'], { DOCKER_HOST: host });
    expect([format, run.code]).toEqual([format, 2]);
    expect(oneLine(run.stderr)).toEqual([expect.stringContaining(`Cannot connect to Docker at ${host}`)]);
    if (format === 'json') {
      const lab = JSON.parse(run.stdout).labs[0];
      expect(lab).toMatchObject({ id: '1', status: 'error', score: 0, error: expect.stringContaining(host) });
      expect(new Set(lab.checks.map((c: { status: string }) => c.status))).toEqual(new Set(['error', 'skip']));
    } else if (format === 'gradescope') {
      const gs = JSON.parse(run.stdout);
      expect(gs).toMatchObject({ score: 0, max_score: 0, output: expect.stringContaining(host) });
      expect(gs.tests.length).toBeGreaterThan(0);
    } else {
      expect(run.stdout).toMatch(/^<\?xml/);
      expect(run.stdout).toContain('<error');
    }
  }
});

test('permission denied on the socket says how to get access', async () => {
  // A socket nobody may write to; the CLI runs without the capability that lets root ignore that.
  const sock = join(work, 'locked.sock');
  const server = createServer((c) => c.end());
  await new Promise<void>((r) => server.listen(sock, r));
  chmodSync(sock, 0o000);
  try {
    const run = spawnSync('setpriv', ['--bounding-set=-dac_override,-dac_read_search', '--', process.execPath, join(ROOT, 'dist/cli/main.js'), 'check', '1', '--lang', 'en'], {
      env: { ...process.env, DOCKER_HOST: `unix://${sock}` },
      encoding: 'utf8',
    });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(2);
    expect(oneLine(run.stderr)).toEqual([expect.stringMatching(/^lab: Permission denied on unix:\/\/.*locked\.sock\. Add your user to the docker group/)]);
  } finally {
    server.close();
  }
});

test('a malformed lab spec is exit 2 with file, line and field', async () => {
  const run = await runCli(['list', '--lang', 'en'], { LAB_GRADER_LABS: join(ROOT, 'test/unit/fixtures/bad-labs') });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('01-broken/lab.yaml:15: checks[1].params.port: must match pattern');
  const validate = await runCli(['validate', 'test/unit/fixtures/bad-labs', '--lang', 'en']);
  expect(validate.code).toBe(2);
  expect(validate.stdout).toContain('test/unit/fixtures/bad-labs/01-broken/lab.yaml:17: checks[1].params.colour: unknown field');
  expect(validate.stdout).toContain('02-syntax/lab.yaml');
  const good = await runCli(['validate', '--lang', 'en']);
  expect(good.code).toBe(0);
  expect(good.stdout).toMatch(/\d+\/\d+ labs valid/);
});

test('--output writes the report to a file; junit has one testsuite per lab and one testcase per check', async () => {
  const file = join(work, 'report.xml');
  // Nothing named mimysql or miwp is guaranteed here, so both labs fail: the report is what matters.
  const run = await runCli(['check', '1', 'wordpress', '--format', 'junit', '--output', file, '--timeout', '5']);
  expect([0, 1]).toContain(run.code);
  expect(run.stdout).toBe('');
  const xml = readFileSync(file, 'utf8');
  expect(xml.match(/<testsuite /g)).toHaveLength(2);
  expect(xml.match(/<testcase /g)?.length).toBe(12 + 10);
});

// The machine's own Node is older than the one the setup installs (Node 20 on these machines).
const systemNode = spawnSync('/usr/bin/node', ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim();
const tooOld = !!systemNode && Number(systemNode.split('.')[0]) < 22;
(tooOld ? test : test.skip)('an old Node is refused with one line, not a TypeError from deep inside', () => {
  const run = spawnSync('/usr/bin/node', [join(ROOT, 'dist/cli/main.js'), 'list'], { encoding: 'utf8' });
  expect(run.status).toBe(2);
  expect(run.stderr.trim()).toBe(`lab: needs Node.js 22.19 or newer; this is v${systemNode}. Install a current Node (https://nodejs.org) and run it again.`);
});

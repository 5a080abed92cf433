import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LABS, ROOT } from '../labs/harness.js';
import { annotations, junitSuites, workspace, type Workspace } from './workflow-harness.js';

/**
 * The Docker half of examples/github-actions/grade.yml: its docker-solution, grade-github and
 * grade-junit steps, read from the YAML and run with bash against the real engine, in a course
 * repository whose docker/run.sh is a lab 1 solution (or a known mistake).
 */
const lab1 = parse(readFileSync(join(LABS, '01-mysql/lab.yaml'), 'utf8')) as { checks: { id: string; points?: number }[] };
const ids = lab1.checks.map((c) => c.id);
const env = { LAB: '1', LAB_LANG: 'en', TIMEOUT: '60', MIN_SCORE: '' };

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const mimysqlExists = () => docker('ps', '-aq', '--filter', 'name=^/mimysql$').trim() !== '';

let ws: Workspace | undefined;
beforeAll(() => {
  // scripts/test.sh parks a mimysql of the user's before the docker project runs.
  if (mimysqlExists()) throw new Error('a container named mimysql exists: these tests need the name (scripts/test.sh parks it)');
});
afterEach(() => {
  if (mimysqlExists()) docker('rm', '-f', '-v', 'mimysql');
  ws?.remove();
  ws = undefined;
});

async function student(runSh: string) {
  ws = workspace({ 'docker/run.sh': runSh });
  const started = await ws.run('docker-solution', env);
  expect([started.code, started.stderr]).toEqual([0, '']);
  expect(existsSync(join(ws.dir, 'mysql-data'))).toBe(true);
  return ws;
}

const readReport = (w: Workspace) => {
  const [suite, ...others] = junitSuites(readFileSync(join(w.dir, 'report.xml'), 'utf8'));
  expect(others).toEqual([]);
  return suite;
};

test('the reference solution: green steps, notices only, the summary table and a JUnit report of every check', async () => {
  const w = await student(join(LABS, '01-mysql/solution/run.sh'));

  const github = await w.run('grade-github', env);
  expect(github.code).toBe(0);
  const notes = annotations(github.stdout);
  expect(notes).toEqual([{ kind: 'notice', title: expect.stringMatching(/^Lab 1 · mysql — /), message: expect.stringMatching(/^Score: 11\/11 · 11 passed · 0 failed · 1 skipped · /) }]);
  const summary = readFileSync(w.summary, 'utf8');
  expect(summary).toMatch(/^## Lab 1 · mysql — .*\n\n\*\*Score: 11\/11/);
  for (const id of ids) expect(summary).toContain(`<code>${id}</code>`);
  expect(summary).not.toContain('❌');

  const junit = await w.run('grade-junit', env);
  expect([junit.code, junit.stdout]).toEqual([0, '']);
  const suite = readReport(w);
  expect(suite.name).toBe('1-mysql');
  expect(suite.properties).toMatchObject({ score: '11', maxScore: '11' });
  expect(suite.cases.map((c) => c.id)).toEqual(ids);
  expect(suite.cases.filter((c) => c.state !== 'pass')).toEqual([{ suite: '1-mysql', id: 'data-survives-recreate', state: 'skipped' }]);
});

test('a known mistake: the github step fails with an error annotation per failed check, the junit step still passes', async () => {
  const variant = join(LABS, '01-mysql/wrong/loopback-port');
  const expected = (parse(readFileSync(join(variant, 'expect.yaml'), 'utf8')) as { fail: string[] }).fail;
  const w = await student(join(variant, 'run.sh'));

  const github = await w.run('grade-github', env);
  expect(github.code).toBe(1);
  const notes = annotations(github.stdout);
  const errors = notes.filter((n) => n.kind === 'error');
  expect(errors.map((n) => n.title.replace(/^Lab 1 · ([^:]+):.*$/, '$1'))).toEqual(expected);
  expect(errors[0].message).toContain('127.0.0.1');
  expect(notes.at(-1)).toMatchObject({ kind: 'notice', message: expect.stringMatching(/^Score: 10\/11 · 10 passed · 1 failed/) });
  expect(readFileSync(w.summary, 'utf8')).toMatch(/\| ❌ \| <code>port-published<\/code> .* \| 0\/1 \| \*\*failed\*\*<br>/);

  const junit = await w.run('grade-junit', env);
  expect(junit.code).toBe(0);
  const suite = readReport(w);
  expect(suite.cases.filter((c) => c.state === 'failure').map((c) => c.id)).toEqual(expected);
  expect(suite.properties.score).toBe('10');

  // MIN_SCORE turns the github step's verdict into a threshold on the total.
  expect((await w.run('grade-github', { ...env, MIN_SCORE: '10' })).code).toBe(0);
  expect((await w.run('grade-github', { ...env, MIN_SCORE: '11' })).code).toBe(1);
});

test("the grader's own trouble: both grading steps fail with exit 2, and nothing counts against the student", async () => {
  ws = workspace({});
  const unreachable = { ...env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
  const github = await ws.run('grade-github', unreachable);
  expect(github.code).toBe(2);
  const notes = annotations(github.stdout);
  expect(notes.length).toBeGreaterThan(0);
  expect(notes.map((n) => n.kind)).not.toContain('error');
  expect(notes.at(-1)).toMatchObject({ kind: 'warning', message: expect.stringContaining('Grade incomplete') });
  expect(readFileSync(ws.summary, 'utf8')).toContain('> [!WARNING]');

  const junit = await ws.run('grade-junit', unreachable);
  expect(junit.code).toBe(2);
  expect(readReport(ws).cases.filter((c) => c.state === 'failure')).toEqual([]);
});

test('the install step: npm installs lab-grader globally, lab is on the global PATH, and the kind config is in the folder it names', async () => {
  // The tarball the README says to commit under tools/ holds the CLI and the classroom config.
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  expect(packed[0].files.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['dist/cli/main.js', 'manifests/kind-classroom.yaml']));

  // Installing that tarball here would fetch its dependencies; this checkout (a folder, which npm
  // links) installs the same way with none, from an empty cache, offline.
  ws = workspace({});
  const prefix = join(ws.root, 'npm-global');
  const output = join(ws.root, 'github-output');
  writeFileSync(output, '');
  const npm = { npm_config_prefix: prefix, npm_config_offline: 'true', npm_config_cache: join(ws.root, 'npm-cache') };
  const install = await ws.run('install', { ...npm, LAB_GRADER: ROOT, GITHUB_OUTPUT: output });
  expect(install.code).toBe(0);
  const dir = /^dir=(.+)$/m.exec(readFileSync(output, 'utf8'))?.[1];
  expect(dir).toBe(join(prefix, 'lib/node_modules/lab-grader'));
  const kind = parse(readFileSync(join(dir!, 'manifests/kind-classroom.yaml'), 'utf8')) as { kind: string; nodes: { role: string }[] };
  expect([kind.kind, kind.nodes.map((n) => n.role)]).toEqual(['Cluster', ['control-plane', 'worker', 'worker']]);
  const list = execFileSync('lab', ['list', '--lang', 'en'], { encoding: 'utf8', env: { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH}` } });
  expect(list).toMatch(/^1 +mysql +docker /m);
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { LABS } from '../labs/harness.js';
import { executable, runExecutable } from './executable.js';

/**
 * The single executable (npm run package) on a machine path with no Node: it starts, carries
 * its labs, and grades lab 1's reference solution on the real engine. Runs in the docker project,
 * whose runner holds the engine's lock (scripts/test.sh); mimysql is removed afterwards.
 */
const docker = new Docker();
const work = mkdtempSync(join(tmpdir(), 'lab-exe-'));
let exe: string;
let created = false;

beforeAll(() => {
  exe = executable();
});
afterAll(async () => {
  if (created) await docker.getContainer('mimysql').remove({ force: true, v: true }).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
});

const engine = process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {};

test('starts without Node on PATH, with its labs inside', async () => {
  const list = await runExecutable(exe, ['list', '--lang', 'en']);
  expect(list.stderr).toBe('');
  expect(list.code).toBe(0);
  expect(list.stdout).toMatch(/^1\s+mysql\s+docker/m);
  expect(list.stdout).toMatch(/^4\s+daemonset\s+kubernetes/m);
  // yargs' own strings in Spanish, from inside the executable.
  const help = await runExecutable(exe, ['--help', '--lang', 'es']);
  expect(help.stdout).toMatch(/Comandos:/);
  expect(help.stdout).toMatch(/Opciones:/);
  expect(existsSync(join(list.home, '.cache', 'lab-grader'))).toBe(true);
});

test('grades lab 1 on the real engine: the solution passes, then its absence fails', async () => {
  const exists = await docker.getContainer('mimysql').inspect().then(() => true, () => false);
  if (exists) throw new Error('a container mimysql exists already: scripts/test.sh parks it; run this test through it');
  execFileSync('sh', [join(LABS, '01-mysql', 'solution', 'run.sh')], { cwd: work, stdio: 'ignore' });
  created = true;
  const run = await runExecutable(exe, ['check', '1', '--format', 'json', '--lang', 'en', '--timeout', '90'], engine);
  const checks = JSON.parse(run.stdout).labs[0].checks as { id: string; status: string }[];
  expect(checks.filter((c) => c.status !== 'pass' && c.status !== 'skip')).toEqual([]);
  expect(checks.filter((c) => c.status === 'pass').length).toBeGreaterThan(3);
  expect(run.code).toBe(0);

  await docker.getContainer('mimysql').remove({ force: true, v: true });
  created = false;
  const gone = await runExecutable(exe, ['check', '1', '--format', 'json', '--lang', 'en', '--timeout', '5'], engine);
  expect(gone.code).toBe(1);
  expect((JSON.parse(gone.stdout).labs[0].checks as { id: string; status: string }[]).find((c) => c.id === 'container-exists')?.status).toBe('fail');
});

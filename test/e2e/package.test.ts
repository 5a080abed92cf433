import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Docker from 'dockerode';
import { ROOT } from '../labs/harness.js';

/**
 * What `npm pack` makes is what a student installs: every folder `files` names exists, and the
 * tarball installed into an empty prefix (its dependencies from npm's cache, as npm ci left it)
 * grades lab 1 against the real engine.
 */
const work = mkdtempSync(join(tmpdir(), 'lab-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
    execFile(cmd, args, { cwd: work, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })),
  );

test('every path in package.json "files" exists', () => {
  const { files } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  expect(files.length).toBeGreaterThan(0);
  expect(files.filter((f) => !f.startsWith('!') && !existsSync(join(ROOT, f)))).toEqual([]);
});

test('the packed tarball installs globally (npm i -g) and its `lab` runs lab check 1 against the real engine', async () => {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const tarball = join(work, packed[0].filename as string);
  // The one-file build is in, the executable's build (and the executable) are not.
  const inside = (packed[0].files as { path: string }[]).map((f) => f.path);
  expect(inside).toEqual(expect.arrayContaining(['dist/cli/lab.cjs', 'dist/cli/lab-program.cjs', 'dist/vendor/kubernetes-client.js', 'labs/01-mysql/lab.yaml']));
  expect(inside.filter((f) => f.startsWith('dist/sea/') || f.startsWith('dist/lab-linux'))).toEqual([]);
  const prefix = join(work, 'app');
  const install = await run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--omit=dev', tarball]);
  expect(install.stderr).not.toMatch(/ERR!/);
  expect(install.code).toBe(0);

  // `lab` as the student's shell finds it: the bin npm linked, run through its #! line.
  const check = await run(join(prefix, 'bin', 'lab'), ['check', '1', '--format', 'json', '--lang', 'en', '--timeout', '5'], { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` });
  const report = JSON.parse(check.stdout) as { labs: { id: string; checks: { id: string; status: string }[] }[] };
  expect(report.labs[0].id).toBe('1');
  // Graded for real: container-exists says what the engine holds.
  const exists = await new Docker().getContainer('mimysql').inspect().then(() => true, () => false);
  expect(report.labs[0].checks.find((c) => c.id === 'container-exists')?.status).toBe(exists ? 'pass' : 'fail');
  expect(check.stderr).toBe('');
  expect([0, 1]).toContain(check.code);
});

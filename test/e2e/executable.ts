import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../labs/harness.js';

/** dist/lab-linux-x64, as `npm run package` makes it: made now when missing or older than the build. */
export function executable(): string {
  const exe = join(ROOT, 'dist', 'lab-linux-x64');
  const bundle = join(ROOT, 'dist', 'sea', 'lab.cjs');
  if (!existsSync(exe) || statSync(exe).mtimeMs < statSync(bundle).mtimeMs) {
    execFileSync(process.execPath, [join(ROOT, 'dist', 'build', 'write-sea.js')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  }
  return exe;
}

/**
 * Runs the executable as on a student's machine without Node: an empty folder for PATH (this
 * machine has a node in /usr/bin), a fresh HOME (the labs are unpacked into its cache), and
 * nothing else of this process's environment but what `env` adds.
 */
export function runExecutable(exe: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const home = mkdtempSync(join(tmpdir(), 'lab-exe-home-'));
  const path = mkdtempSync(join(tmpdir(), 'lab-exe-path-'));
  return new Promise<{ code: number; stdout: string; stderr: string; home: string }>((done) =>
    execFile(exe, args, { cwd: home, env: { PATH: path, HOME: home, NO_COLOR: '1', ...env }, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr, home })),
  );
}

import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../labs/harness.js';

export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

export interface Run { code: number; stdout: string; stderr: string; ms: number }

export function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const started = Date.now();
  return new Promise((done) => {
    execFile(argv[0], argv.slice(1), { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** The built CLI, as a user runs it. */
export const lab = (args: string[], env: NodeJS.ProcessEnv = {}) => run([process.execPath, CLI, ...args], env);

/** Exit 2 and one line on stderr, nothing on stdout. */
export function expectOneLine(r: Run, pattern: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(pattern)]);
  expect(r.stdout).toBe('');
}

export const expectNoStack = (r: Run) => expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/\n\s+at /);

export interface JsonCheck { id: string; status: string; message?: string; hint?: string; expected?: string; actual?: string; durationMs: number }
export const checksOf = (r: Run): JsonCheck[] => (JSON.parse(r.stdout) as { labs: { checks: JsonCheck[] }[] }).labs[0].checks;
export const statusOf = (checks: JsonCheck[]): Record<string, string> => Object.fromEntries(checks.map((c) => [c.id, c.status]));
export const byId = (checks: JsonCheck[], id: string): JsonCheck => checks.find((c) => c.id === id)!;

/** The system engine's docker CLI (never a private engine's DOCKER_HOST). */
export const docker = (args: string[]): string =>
  execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: '' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../labs/harness.js';

export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

export interface Run { code: number; stdout: string; stderr: string; ms: number; argv?: string[] }

export function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const started = Date.now();
  return new Promise((done) => {
    execFile(argv[0], argv.slice(1), { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr, ms: Date.now() - started, argv });
    });
  });
}

/** The built CLI, as a user runs it. */
export const lab = (args: string[], env: NodeJS.ProcessEnv = {}) => run([process.execPath, CLI, ...args], env);

/**
 * Exit 2 and one line on stderr. On stdout nothing for a person; with `--format json` the report
 * all the same (a CI job needs one): every check not graded, the lab's error that same line.
 */
export function expectOneLine(r: Run, pattern: RegExp, { refusedBeforeGrading = false } = {}) {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toEqual([expect.stringMatching(pattern)]);
  // A usage error (an unknown lab) is refused before anything is graded: no report in any format.
  if (refusedBeforeGrading) expect(r.stdout).toBe('');
  else expectUngradedReport(r, lines[0]);
}

export function expectUngradedReport(r: Run, line: string) {
  const format = r.argv?.[r.argv.indexOf('--format') + 1];
  if (!r.argv?.includes('--format') || format === 'pretty') {
    expect(r.stdout).toBe('');
    return;
  }
  expect(format).toBe('json');
  const report = JSON.parse(r.stdout) as { labs: { status: string; score: number; error?: string; checks: { status: string }[] }[] };
  expect(report.labs.length).toBeGreaterThan(0);
  for (const l of report.labs) {
    expect([l.status, l.score, `lab: ${l.error}`]).toEqual(['error', 0, line]);
    expect(l.checks.filter((c) => c.status !== 'error' && c.status !== 'skip')).toEqual([]);
  }
}

export const expectNoStack = (r: Run) => expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/\n\s+at /);

export interface JsonCheck { id: string; status: string; message?: string; hint?: string; expected?: string; actual?: string; durationMs: number }
export const checksOf = (r: Run): JsonCheck[] => (JSON.parse(r.stdout) as { labs: { checks: JsonCheck[] }[] }).labs[0].checks;
export const statusOf = (checks: JsonCheck[]): Record<string, string> => Object.fromEntries(checks.map((c) => [c.id, c.status]));
export const byId = (checks: JsonCheck[], id: string): JsonCheck => checks.find((c) => c.id === id)!;

/** The system engine's docker CLI (never a private engine's DOCKER_HOST). */
export const docker = (args: string[]): string =>
  execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: '' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

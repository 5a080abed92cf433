import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';

const HERE = dirname(fileURLToPath(import.meta.url));

export const ROOT = resolve(HERE, '..', '..');
export const LABS = join(ROOT, 'labs');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

// The cases and how they are judged live in src/selftest, shared with `lab selftest`: one harness, not two.
export { applyArgsOf, casesOf, manifestOf, type Apply, type Case, type Expect } from '../../src/selftest/cases.js';
export { verdict } from '../../src/selftest/verdict.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, with this Node. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Promise<CliRun> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

export { sh } from '../../src/selftest/shell.js';

interface JsonCheck { id: string; status: string; hint?: string; message?: string; actual?: string }
interface JsonReport { labs: { status: string; checks: JsonCheck[] }[] }

/** Grades one lab through the CLI's JSON report. */
export async function grade(lab: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const run = await runCli(['check', lab, '--format', 'json', '--lang', 'en', ...extra], env);
  // Exit 2 with a report means a check ended in error; without one, the run never started.
  if (run.code === 2 && !run.stdout) throw new Error(`lab check ${lab} exited 2: ${run.stderr}`);
  const report = JSON.parse(run.stdout) as JsonReport;
  return { run, checks: report.labs[0].checks };
}

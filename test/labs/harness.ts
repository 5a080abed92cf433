import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

const HERE = dirname(fileURLToPath(import.meta.url));

export const ROOT = resolve(HERE, '..', '..');
export const LABS = join(ROOT, 'labs');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

export interface Expect {
  fail: string[];
  skip?: string[];
  /** check id → a piece of text its hint must contain */
  hints?: Record<string, string>;
  /** Needs the test cluster's real node (kwok nodes run and pull nothing). */
  requires?: 'real-node';
  /** The apply itself is refused by the API server. */
  applyFails?: boolean;
  /** What changes when the case runs on the test cluster's real node, where nothing can be pulled. */
  onRealNode?: { fail: string[]; skip?: string[] };
}

export interface Case {
  lab: string;
  kind: 'solution' | 'wrong' | 'alternative';
  name: string;
  dir: string;
  expect?: Expect;
}

/** The reference solution, every valid alternative and every known-wrong variant of a lab folder. */
export function casesOf(labDir: string): Case[] {
  const lab = labDir.split('/').pop()!;
  const sub = (folder: string) =>
    existsSync(join(labDir, folder)) ? readdirSync(join(labDir, folder)).sort().map((name) => join(labDir, folder, name)) : [];
  return [
    { lab, kind: 'solution', name: 'solution', dir: join(labDir, 'solution') },
    ...sub('alternatives').map((dir) => ({ lab, kind: 'alternative' as const, name: dir.split('/').pop()!, dir })),
    ...sub('wrong').map((dir) => ({
      lab,
      kind: 'wrong' as const,
      name: dir.split('/').pop()!,
      dir,
      expect: parse(readFileSync(join(dir, 'expect.yaml'), 'utf8')) as Expect,
    })),
  ];
}

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

export function sh(script: string, cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((done) => {
    execFile('sh', [script], { cwd, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

interface JsonCheck { id: string; status: string; hint?: string; message?: string }
interface JsonReport { labs: { status: string; checks: JsonCheck[] }[] }

/** Grades one lab through the CLI's JSON report. */
export async function grade(lab: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const run = await runCli(['check', lab, '--format', 'json', '--lang', 'en', ...extra], env);
  // Exit 2 with a report means a check ended in error; without one, the run never started.
  if (run.code === 2 && !run.stdout) throw new Error(`lab check ${lab} exited 2: ${run.stderr}`);
  const report = JSON.parse(run.stdout) as JsonReport;
  return { run, checks: report.labs[0].checks };
}

const ids = (checks: JsonCheck[], status: string) => checks.filter((c) => c.status === status).map((c) => c.id).sort();

/**
 * What a case must produce: a solution or alternative passes everything that ran;
 * a wrong variant fails exactly its listed checks, each with a hint.
 */
export function verdict(c: Case, checks: JsonCheck[], skippedForDeep: string[] = []) {
  const failed = ids(checks, 'fail');
  const errored = checks.filter((x) => x.status === 'error').map((x) => `${x.id}: ${x.message}`);
  const skipped = ids(checks, 'skip').filter((id) => !skippedForDeep.includes(id));
  if (!c.expect) return { failed, errored, skipped, missingHints: [] as string[], wrongHints: [] as string[] };
  const missingHints = c.expect.fail.filter((id) => !checks.find((x) => x.id === id)?.hint);
  const wrongHints = Object.entries(c.expect.hints ?? {})
    .filter(([id, text]) => !(checks.find((x) => x.id === id)?.hint ?? '').includes(text))
    .map(([id, text]) => `${id} lacks "${text}": ${checks.find((x) => x.id === id)?.hint}`);
  return { failed, errored, skipped, missingHints, wrongHints };
}

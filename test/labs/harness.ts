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
  /** check id → a piece of text its `actual` (what was found) must contain */
  actuals?: Record<string, string>;
  /** Needs the test cluster's real node (kwok nodes run and pull nothing). */
  requires?: 'real-node';
  /** The apply itself is refused by the API server. */
  applyFails?: boolean;
  /** What changes when the case runs on the test cluster's real node, where nothing can be pulled. */
  onRealNode?: { fail: string[]; skip?: string[] };
}

/**
 * How a Kubernetes case was applied and graded, when not simply `kubectl apply -f <its manifest>`
 * then `lab check --manifest <its manifest>` (apply.yaml in the case's folder).
 */
export interface Apply {
  /** kubectl apply -n NAMESPACE: the file leaves metadata.namespace out. */
  namespace?: string;
  /** The files kubectl applies, in order (default: the case's manifest). */
  files?: string[];
  /** The file graded with --manifest (default: the only YAML besides expect.yaml and apply.yaml). */
  manifest?: string;
}

export interface Case {
  lab: string;
  kind: 'solution' | 'wrong' | 'alternative';
  name: string;
  dir: string;
  expect?: Expect;
  apply?: Apply;
}

const CASE_FILES = new Set(['expect.yaml', 'apply.yaml']);

/** The case's Kubernetes manifest: the one given to --manifest. */
export function manifestOf(c: Case): string {
  if (c.apply?.manifest) return join(c.dir, c.apply.manifest);
  const yamls = readdirSync(c.dir).filter((f) => f.endsWith('.yaml') && !CASE_FILES.has(f));
  if (yamls.length !== 1) throw new Error(`${c.dir}: ${yamls.length} manifests; name the graded one in apply.yaml (manifest:)`);
  return join(c.dir, yamls[0]);
}

/** The kubectl apply commands' arguments for a case, in order. */
export function applyArgsOf(c: Case): string[][] {
  const files = c.apply?.files?.map((f) => join(c.dir, f)) ?? [manifestOf(c)];
  return files.map((f) => ['apply', ...(c.apply?.namespace ? ['-n', c.apply.namespace] : []), '-f', f]);
}

/** The reference solution, every valid alternative and every known-wrong variant of a lab folder. */
export function casesOf(labDir: string): Case[] {
  const lab = labDir.split('/').pop()!;
  const sub = (folder: string) =>
    existsSync(join(labDir, folder)) ? readdirSync(join(labDir, folder)).sort().map((name) => join(labDir, folder, name)) : [];
  const apply = (dir: string) => (existsSync(join(dir, 'apply.yaml')) ? { apply: parse(readFileSync(join(dir, 'apply.yaml'), 'utf8')) as Apply } : {});
  return [
    { lab, kind: 'solution', name: 'solution', dir: join(labDir, 'solution'), ...apply(join(labDir, 'solution')) },
    ...sub('alternatives').map((dir) => ({ lab, kind: 'alternative' as const, name: dir.split('/').pop()!, dir, ...apply(dir) })),
    ...sub('wrong').map((dir) => ({
      lab,
      kind: 'wrong' as const,
      name: dir.split('/').pop()!,
      dir,
      expect: parse(readFileSync(join(dir, 'expect.yaml'), 'utf8')) as Expect,
      ...apply(dir),
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

const ids = (checks: JsonCheck[], status: string) => checks.filter((c) => c.status === status).map((c) => c.id).sort();

/**
 * What a case must produce: a solution or alternative passes everything that ran;
 * a wrong variant fails exactly its listed checks, each with a hint.
 */
export function verdict(c: Case, checks: JsonCheck[], skippedForDeep: string[] = []) {
  const failed = ids(checks, 'fail');
  const errored = checks.filter((x) => x.status === 'error').map((x) => `${x.id}: ${x.message}`);
  const skipped = ids(checks, 'skip').filter((id) => !skippedForDeep.includes(id));
  if (!c.expect) return { failed, errored, skipped, missingHints: [] as string[], wrongHints: [] as string[], wrongActuals: [] as string[] };
  const missingHints = c.expect.fail.filter((id) => !checks.find((x) => x.id === id)?.hint);
  const wrongHints = Object.entries(c.expect.hints ?? {})
    .filter(([id, text]) => !(checks.find((x) => x.id === id)?.hint ?? '').includes(text))
    .map(([id, text]) => `${id} lacks "${text}": ${checks.find((x) => x.id === id)?.hint}`);
  const wrongActuals = Object.entries(c.expect.actuals ?? {})
    .filter(([id, text]) => !(checks.find((x) => x.id === id)?.actual ?? '').includes(text))
    .map(([id, text]) => `${id} lacks "${text}": ${checks.find((x) => x.id === id)?.actual}`);
  return { failed, errored, skipped, missingHints, wrongHints, wrongActuals };
}

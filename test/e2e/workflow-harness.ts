import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse } from 'yaml';
import { ROOT, type CliRun } from '../labs/harness.js';

/**
 * Runs the grading steps of examples/github-actions/grade.yml as GitHub would: the step's `run:`
 * script, read from the YAML, under the job's shell and env, in a course repository laid out in a
 * temp dir, with `lab` on PATH and a GITHUB_STEP_SUMMARY file.
 */
export const WORKFLOW = join(ROOT, 'examples/github-actions/grade.yml');
/** The steps that need nothing from GitHub, so the tests run them here. */
export const LOCAL_STEPS = ['apply-manifests', 'docker-solution', 'grade-github', 'grade-junit'] as const;
export type LocalStep = (typeof LOCAL_STEPS)[number];

export interface Step { id?: string; name?: string; uses?: string; run?: string; if?: string; shell?: string; env?: Record<string, string>; with?: Record<string, unknown> }
export interface Job { 'runs-on': string; env?: Record<string, string>; defaults?: { run?: { shell?: string } }; steps: Step[] }
export interface Workflow { name: string; on: unknown; permissions?: Record<string, string>; jobs: Record<string, Job> }

export const loadWorkflow = () => parse(readFileSync(WORKFLOW, 'utf8')) as Workflow;

/** The one job of the example. */
export function gradingJob(wf = loadWorkflow()): Job {
  const jobs = Object.values(wf.jobs);
  if (jobs.length !== 1) throw new Error(`expected one job in ${WORKFLOW}, found ${jobs.length}`);
  return jobs[0];
}

export function stepOf(id: LocalStep | 'install', job = gradingJob()): Step & { run: string } {
  const step = job.steps.find((s) => s.id === id);
  if (!step?.run) throw new Error(`${WORKFLOW} has no run: step with id ${id}`);
  return step as Step & { run: string };
}

// What GitHub runs for `shell: bash`; the default shell without it differs, so the job must say bash.
const BASH_ARGS = ['--noprofile', '--norc', '-eo', 'pipefail'];

export interface Workspace {
  /** The repository; `root` holds it and the runner's own files (bin, temp, summary). */
  dir: string;
  root: string;
  summary: string;
  run(id: LocalStep | 'install', env?: NodeJS.ProcessEnv): Promise<CliRun>;
  remove(): void;
}

/**
 * A course repository as the student's push leaves it: `files` maps a path in the repository to
 * the file copied there (docker/run.sh, k8s/….yaml). `lab` is the built CLI behind a wrapper.
 */
export function workspace(files: Record<string, string>): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'lab-workflow-'));
  const dir = join(root, 'repo');
  const bin = join(root, 'bin');
  const temp = join(root, 'runner-temp');
  for (const d of [dir, bin, temp]) mkdirSync(d);
  for (const [path, from] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    copyFileSync(from, join(dir, path));
  }
  writeFileSync(join(bin, 'lab'), `#!/bin/sh\nexec '${process.execPath}' '${join(ROOT, 'dist/cli/main.js')}' "$@"\n`);
  chmodSync(join(bin, 'lab'), 0o755);
  const summary = join(root, 'step-summary.md');
  writeFileSync(summary, '');

  const job = gradingJob();
  const run = (id: LocalStep | 'install', env: NodeJS.ProcessEnv = {}) => {
    const step = stepOf(id, job);
    const shell = step.shell ?? job.defaults?.run?.shell;
    if (shell !== 'bash') throw new Error(`step ${id} runs under ${shell ?? 'the default shell'}, not bash`);
    const script = join(temp, `${id}.sh`);
    writeFileSync(script, step.run);
    const fullEnv = {
      ...process.env,
      ...job.env,
      ...step.env,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: dir,
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_TEMP: temp,
      PATH: `${bin}:${process.env.PATH}`,
      ...env,
    };
    return new Promise<CliRun>((done) => {
      execFile('bash', [...BASH_ARGS, script], { cwd: dir, env: fullEnv, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
        done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  };
  return { dir, root, summary, run, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export interface JunitCase { suite: string; id: string; state: 'pass' | 'failure' | 'error' | 'skipped' }
export interface JunitSuite { name: string; properties: Record<string, string>; cases: JunitCase[] }

/** The testsuites and testcases of a JUnit report, after checking it is well-formed XML. */
export function junitSuites(xml: string): JunitSuite[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`report.xml is not well-formed: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) }).parse(xml);
  type Suite = { name: string; properties?: { property: { name: string; value: string }[] }; testcase?: Record<string, unknown>[] };
  return (doc.testsuites.testsuite as Suite[]).map((suite) => ({
    name: suite.name,
    properties: Object.fromEntries((suite.properties?.property ?? []).map((p) => [p.name, p.value])),
    cases: (suite.testcase ?? []).map((c) => ({
      suite: suite.name,
      id: String(c.name).split(':')[0],
      state: 'failure' in c ? 'failure' : 'error' in c ? 'error' : 'skipped' in c ? 'skipped' : 'pass',
    })),
  }));
}

/** `::kind title=…::message` lines of the github format, with the title unescaped. */
export function annotations(stdout: string) {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const m = /^::(error|warning|notice) title=([^:]*)::(.*)$/.exec(line);
      if (!m) throw new Error(`not a workflow command: ${line}`);
      return { kind: m[1], title: decodeURIComponent(m[2]), message: decodeURIComponent(m[3]) };
    });
}

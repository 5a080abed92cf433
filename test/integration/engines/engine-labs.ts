import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { casesOf, LABS, verdict, type Case } from '../../labs/harness.js';
import { checksOf, CLI, run, type Run } from '../docker/drill-helpers.js';

/** An engine the lab suites can run on: reached at `host`, with its published ports where `exec` runs. */
export interface LabEngine {
  readonly host: string;
  readonly dir: string;
  readonly docker: Docker;
  exec(argv: string[]): string[];
  /** Where the lab's commands are typed, when not where the grader runs (a remote engine's own machine). */
  readonly applyHost?: string;
  applyIn?(argv: string[]): string[];
  /** Hands a folder the tests made to the user who types the lab's commands, when that is not root. */
  own?(path: string): void;
}

export interface SuiteOptions {
  /** How a student on this engine types the same case (for instance, Podman's name for the host). */
  translate?: (script: string) => string;
  /** Extra arguments and environment for `lab check`. */
  gradeArgs?: () => string[];
  gradeEnv?: () => NodeJS.ProcessEnv;
  /** Cases whose verdict differs on this engine for a stated reason, proven by a test of their own. */
  except?: string[];
}

export const ENGINE_LOCK = '/tmp/lab-grader-docker.lock';

/**
 * `argv` under the lock every command that starts containers takes, unless this process already
 * has the lock file open: scripts/test.sh holds it for the whole Docker project, and taking it
 * again through another descriptor would wait for ever.
 */
export function underEngineLock(argv: string[]): string[] {
  const held = readdirSync('/proc/self/fd').some((fd) => {
    try { return readlinkSync(`/proc/self/fd/${fd}`) === ENGINE_LOCK; } catch { return false; }
  });
  return held ? argv : ['flock', ENGINE_LOCK, ...argv];
}

const sh = (argv: string[], cwd: string, env: NodeJS.ProcessEnv) =>
  new Promise<Run>((done) => {
    const started = Date.now();
    execFile(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr, ms: Date.now() - started }));
  });

/** Apply a case to `engine`, grade it where its ports are dialled, and judge the verdict. */
export function engineHelpers(engineName: string, engine: LabEngine, opts: SuiteOptions = {}) {
  async function snapshot() {
    return {
      containers: new Set((await engine.docker.listContainers({ all: true })).map((c) => c.Id)),
      volumes: new Set(((await engine.docker.listVolumes()).Volumes ?? []).map((v) => v.Name)),
    };
  }
  async function removeAllBut(keep: Awaited<ReturnType<typeof snapshot>>) {
    for (const c of await engine.docker.listContainers({ all: true })) {
      if (!keep.containers.has(c.Id)) await engine.docker.getContainer(c.Id).remove({ force: true, v: true });
    }
    for (const v of (await engine.docker.listVolumes()).Volumes ?? []) {
      if (!keep.volumes.has(v.Name)) await engine.docker.getVolume(v.Name).remove().catch(() => undefined);
    }
  }

  async function apply(c: Case) {
    const work = mkdtempSync(join(engine.dir, `${c.lab}-${c.name}-`));
    const script = join(work, 'run.sh');
    const text = readFileSync(join(c.dir, 'run.sh'), 'utf8');
    writeFileSync(script, opts.translate ? opts.translate(text) : text);
    engine.own?.(work);
    // In the engine's namespace (a script may look up the bridge's address). These engines are
    // private (own storage, own network namespace): no need for the system engine's lock.
    const argv = engine.applyIn ? engine.applyIn(['sh', script]) : engine.exec(['sh', script]);
    const r = await sh(argv, work, { DOCKER_HOST: engine.applyHost ?? engine.host });
    if (r.code !== 0) throw new Error(`${c.dir}/run.sh failed on ${engineName}: ${r.stderr}`);
  }

  async function grade(id: string) {
    const r = await run(engine.exec([process.execPath, CLI, 'check', id, '--format', 'json', '--lang', 'en', '--timeout', '60', ...(opts.gradeArgs?.() ?? [])]), opts.gradeEnv?.() ?? { DOCKER_HOST: engine.host });
    if (r.code === 2 && !r.stdout) throw new Error(`lab check ${id} on ${engineName} exited 2: ${r.stderr}`);
    return r;
  }

  function expectVerdict(c: Case, r: Run) {
    const v = verdict(c, checksOf(r), ['data-survives-recreate']);
    expect(v.errored).toEqual([]);
    expect(v.failed).toEqual([...(c.expect?.fail ?? [])].sort());
    expect(v.skipped).toEqual([...(c.expect?.skip ?? [])].sort());
    expect(v.missingHints).toEqual([]);
    expect(v.wrongHints).toEqual([]);
    expect(r.code).toBe(c.expect ? 1 : 0);
  }

  return { snapshot, removeAllBut, apply, grade, expectVerdict };
}

/**
 * Every solution, alternative and known mistake of labs 1 and 2, applied to `engine` with the
 * docker CLI (DOCKER_HOST) and graded by the built CLI where the engine's ports live. The
 * verdicts must be exactly those the lab folders give on the system Docker engine.
 */
export function labSuites(engineName: string, engine: LabEngine, opts: SuiteOptions = {}) {
  const { snapshot, removeAllBut, apply, grade, expectVerdict } = engineHelpers(engineName, engine, opts);
  describe.each([['01-mysql', '1'], ['02-wordpress', '2']])(`lab %s on ${engineName}`, (folder, id) => {
    let baseline: Awaited<ReturnType<typeof snapshot>>;
    beforeAll(async () => {
      if (id === '2') {
        await apply(casesOf(join(LABS, '01-mysql'))[0]);
        expect(checksOf(await grade('1')).filter((c) => c.status !== 'pass' && c.status !== 'skip')).toEqual([]);
      }
      baseline = await snapshot();
    }, 600_000);
    afterEach(async () => {
      await removeAllBut(baseline);
    });
    afterAll(async () => {
      await removeAllBut({ containers: new Set(), volumes: new Set() });
    });

    test.each(casesOf(join(LABS, folder)).filter((c) => !opts.except?.includes(`${id}/${c.name}`)).map((c) => [`${c.kind} ${c.name}`, c] as const))('%s', async (_, c) => {
      await apply(c);
      expectVerdict(c, await grade(id));
    });
  });
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { grade, LABS, sh } from '../labs/harness.js';
import { judge, type Attempt, type Graded } from './attempt.js';

/**
 * Applies Docker attempts to the real engine, grades them with the built CLI, and removes
 * everything each one created (containers, volumes, its working folder) before the next.
 * The caller holds /tmp/lab-grader-docker.lock.
 */
const docker = new Docker();
const GRADE_ARGS = ['--timeout', '30'];
const DEEP_IDS = ['data-survives-recreate'];

interface Snapshot { containers: Set<string>; volumes: Set<string> }

async function snapshot(): Promise<Snapshot> {
  const containers = new Set((await docker.listContainers({ all: true })).map((c) => c.Id));
  const volumes = new Set(((await docker.listVolumes()).Volumes ?? []).map((v) => v.Name));
  return { containers, volumes };
}

async function removeAllBut(keep: Snapshot) {
  for (const c of await docker.listContainers({ all: true })) {
    if (!keep.containers.has(c.Id)) await docker.getContainer(c.Id).remove({ force: true, v: true });
  }
  for (const v of (await docker.listVolumes()).Volumes ?? []) {
    if (!keep.volumes.has(v.Name)) await docker.getVolume(v.Name).remove().catch(() => undefined);
  }
}

/**
 * Containers of yours named like the lab's are stopped and parked under another name while
 * attempts run, as `npm test` does, and put back as they were by the returned function.
 * Volumes named like the attempts' are refused: an attempt would reuse their data.
 */
export async function parkNames(names = ['mimysql', 'miwp', 'mymysql', 'mywp'], volumes = ['mimysql-data', 'miwp-data', 'mymysql-data', 'mywp-data']) {
  const kept = ((await docker.listVolumes()).Volumes ?? []).map((v) => v.Name).filter((n) => volumes.includes(n));
  if (kept.length) throw new Error(`volumes ${kept.join(', ')} exist: remove or rename them before fuzzing`);
  const parked: { name: string; running: boolean }[] = [];
  for (const c of await docker.listContainers({ all: true })) {
    const name = c.Names.map((n) => n.slice(1)).find((n) => names.includes(n));
    if (!name) continue;
    const container = docker.getContainer(c.Id);
    await container.stop().catch(() => undefined);
    await container.rename({ name: `${name}-parked-by-lab-grader-fuzz` });
    parked.push({ name, running: c.State === 'running' });
  }
  return async () => {
    for (const p of parked) {
      const container = docker.getContainer(`${p.name}-parked-by-lab-grader-fuzz`);
      await container.rename({ name: p.name });
      if (p.running) await container.start();
    }
  };
}

/** Runs a script in a fresh folder, as a student would from their home. */
async function applyScript(text: string, label: string): Promise<{ work: string; error?: string }> {
  const work = mkdtempSync(join(tmpdir(), `lab-fuzz-${label}-`));
  writeFileSync(join(work, 'run.sh'), text);
  const run = await sh(join(work, 'run.sh'), work);
  return { work, error: run.code === 0 ? undefined : `run.sh exited ${run.code}: ${run.stderr.trim()}` };
}

export async function runDockerAttempt(a: Attempt): Promise<Graded> {
  const before = await snapshot();
  const { work, error } = await applyScript(a.text, a.id.replace('#', '-'));
  try {
    if (error) return { ok: false, wrong: [error], got: { fail: [], skip: [], error: [] } };
    const { run, checks } = await grade(a.lab, GRADE_ARGS);
    return judge(a, checks, run.code, DEEP_IDS);
  } finally {
    await removeAllBut(before);
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Lab 2 is graded on top of lab 1's reference solution, started once, passing, and removed
 * by the returned teardown.
 */
export async function lab1ReferenceUp(): Promise<() => Promise<void>> {
  const before = await snapshot();
  const { work, error } = await applyScript(`set -e\n. ${join(LABS, '01-mysql', 'solution', 'run.sh')}\n`, 'lab1-ref');
  const teardown = async () => {
    await removeAllBut(before);
    rmSync(work, { recursive: true, force: true });
  };
  const { run } = error ? { run: undefined } : await grade('1', GRADE_ARGS);
  if (error || run?.code !== 0) {
    await teardown();
    throw new Error(`lab 1's reference solution did not pass: ${error ?? run?.stdout}`);
  }
  return teardown;
}

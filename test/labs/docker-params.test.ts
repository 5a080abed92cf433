import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { studentSolutionOf } from '../../src/selftest/cases.js';
import { applyDockerCase } from '../../src/selftest/docker-apply.js';
import { removeAllBut, snapshot, type EngineSnapshot } from '../../src/selftest/docker-snapshot.js';
import { loadLab } from '../../src/spec/loader.js';
import { valuesFor } from '../../src/spec/params.js';
import { grade, LABS } from './harness.js';

/**
 * Per-student parameters on the real Docker engine (lab 1: database name, passwords, host port).
 * Two generated students: each one's solution, rendered with their values, gets full marks graded
 * as them, and fails exactly the parameterised checks graded as the other (as if handed in by them),
 * with the hint that it does not match their statement and none of their values shown.
 * Run it under `flock /tmp/lab-grader-docker.lock`: it starts MySQL twice.
 */
const docker = new Docker();
const LAB_DIR = join(LABS, '01-mysql');
const SECRET = 'a test course secret';
const work = mkdtempSync(join(tmpdir(), 'lab-params-docker-'));
const secretFile = join(work, 'course-secret');
writeFileSync(secretFile, `${SECRET}\n`);
const lab = loadLab(LAB_DIR);
const values = (student: string) => valuesFor(lab.parameters, lab.id, Buffer.from(SECRET), student);
// The checks whose params use a parameter (all of them but the image and the volume's).
const PARAMETERISED = ['db-login', 'db-root-login', 'env-database', 'env-passwords', 'port-published'];

let initial: EngineSnapshot;
const dirs: string[] = [];
beforeAll(async () => {
  initial = await snapshot(docker);
});
afterEach(async () => {
  await removeAllBut(docker, initial);
});
afterAll(async () => {
  await removeAllBut(docker, initial);
  for (const d of [...dirs, work]) rmSync(d, { recursive: true, force: true });
});

const gradeAs = (student: string, timeout = 60) => grade('1', ['--student', student, '--course-secret', secretFile, '--timeout', String(timeout)]);

test.each([['ana', 'ben'], ['ben', 'ana']])("%s's own solution gets full marks; handed in by %s it fails the parameterised checks", async (owner, other) => {
  const solution = studentSolutionOf(LAB_DIR, values(owner));
  dirs.push(await applyDockerCase(solution));

  const own = await gradeAs(owner);
  // data-survives-recreate runs only with --deep.
  expect(own.checks.filter((c) => c.status !== 'pass' && c.id !== 'data-survives-recreate').map((c) => `${c.id} ${c.status} ${c.actual}`)).toEqual([]);
  expect(own.run.code).toBe(0);

  const copied = await gradeAs(other, 15);
  expect(copied.checks.filter((c) => c.status === 'fail').map((c) => c.id).sort()).toEqual(PARAMETERISED);
  expect(copied.checks.filter((c) => c.status === 'error')).toEqual([]);
  for (const c of copied.checks.filter((x) => x.status === 'fail')) {
    expect(c.hint).toContain('do not match those of your statement');
    for (const v of Object.values(values(other))) expect(JSON.stringify(c)).not.toContain(String(v));
  }
  expect(copied.run.code).toBe(1);
}, 120_000);

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifestOf, studentSolutionOf } from '../../src/selftest/cases.js';
import { preparedCopy } from '../../src/selftest/k8s-apply.js';
import { valuesFor } from '../../src/spec/params.js';
import { loadLab } from '../../src/spec/loader.js';
import { kubectl } from '../integration/k8s/kube.js';
import { grade, LABS, runCli } from './harness.js';
import { REAL_NODE_LABEL } from './k8s-cases.js';

/**
 * Per-student parameters on the test cluster (lab 3: the Pod's name). Two generated students each
 * apply their own statement's solution in a namespace of their own: each gets full marks graded as
 * themselves, and the other's work fails the parameterised checks with the hint that it does not
 * match their statement, without showing their values. `lab grade --namespaces 'lab3-*'` takes each
 * student from the namespace (lab3-ana: ana).
 */
const LAB_DIR = join(LABS, '03-nginx-pod');
const STUDENTS = ['ana', 'ben'];
const ns = (student: string) => `lab3-${student}`;
const work = mkdtempSync(join(tmpdir(), 'lab-params-k8s-'));
const secret = join(work, 'course-secret');
writeFileSync(secret, 'a test course secret\n');
const lab = loadLab(LAB_DIR);
const values = (student: string) => valuesFor(lab.parameters, lab.id, Buffer.from('a test course secret'), student);
const manifests: Record<string, string> = {};

beforeAll(async () => {
  if (!process.env.KUBECONFIG) throw new Error('KUBECONFIG is not set');
  await kubectl('delete', 'namespace', ...STUDENTS.map(ns), '--ignore-not-found', '--wait=true', '--timeout=120s');
  for (const student of STUDENTS) {
    // The student's own solution: the reference one rendered with their values, in their namespace.
    const solution = studentSolutionOf(LAB_DIR, values(student));
    const file = join(work, `${student}.yaml`);
    writeFileSync(file, readFileSync(manifestOf(solution), 'utf8').replace(/\blab3\b/g, ns(student)));
    manifests[student] = file;
    const applied = await kubectl('apply', '-f', preparedCopy(file, { work, nodeSelector: REAL_NODE_LABEL }));
    expect([applied.code, applied.stderr]).toEqual([0, '']);
  }
}, 180_000);

afterAll(async () => {
  await kubectl('delete', 'namespace', ...STUDENTS.map(ns), '--ignore-not-found', '--wait=true', '--timeout=120s');
  rmSync(work, { recursive: true, force: true });
}, 180_000);

const gradeAs = (student: string, whose: string) =>
  grade('3', ['--namespace', ns(whose), '--manifest', manifests[whose], '--student', student, '--course-secret', secret, '--timeout', '60']);

test('the values differ between the two students and from the course default', () => {
  const [a, b] = STUDENTS.map((s) => values(s).pod_name);
  expect(new Set([a, b, 'nginx-pod']).size).toBe(3);
});

test.each(STUDENTS)('%s, solving their own statement, gets full marks', async (student) => {
  const { run, checks } = await gradeAs(student, student);
  expect(checks.filter((c) => c.status !== 'pass').map((c) => `${c.id} ${c.status} ${c.actual}`)).toEqual([]);
  expect(run.code).toBe(0);
}, 120_000);

test.each([['ana', 'ben'], ['ben', 'ana']])('%s handing in %s\'s work fails the parameterised checks, with a hint that names no value', async (student, whose) => {
  const { run, checks } = await gradeAs(student, whose);
  const failed = checks.filter((c) => c.status === 'fail');
  expect(failed.map((c) => c.id).sort()).toEqual(['not-in-default', 'pod-exists']);
  expect(checks.filter((c) => c.status === 'error')).toEqual([]);
  for (const c of failed) {
    expect(c.hint).toContain('do not match those of your statement');
    expect(JSON.stringify(c)).not.toContain(String(values(student).pod_name));
  }
  expect(run.code).toBe(1);
}, 120_000);

test("lab grade --namespaces 'lab3-*' grades each namespace against its own student's values", async () => {
  const run = await runCli(['grade', '3', '--namespaces', 'lab3-*', '--course-secret', secret, '--format', 'json', '--timeout', '60']);
  const { gradebook } = JSON.parse(run.stdout) as { gradebook: { student: string; namespace: string; score: number; maxScore: number }[] };
  const ours = gradebook.filter((r) => STUDENTS.map(ns).includes(r.namespace));
  expect(ours.map((r) => [r.namespace, r.score, r.score === r.maxScore && r.maxScore > 0])).toEqual(STUDENTS.map((s) => [ns(s), expect.any(Number), true]));
}, 120_000);

test('lab selftest --students 2 runs the solution for two generated students, and each one copied by the other', async () => {
  // Lab 3 with only its solution and one wrong variant, so the run stays short; its namespace is nginx-pod-lab3.
  const labs = join(work, 'labs');
  cpSync(LAB_DIR, join(labs, '03-nginx-pod'), { recursive: true, filter: (src) => !/\/(alternatives|wrong\/(?!default-namespace))[^/]*/.test(src.slice(LAB_DIR.length)) });
  const run = await runCli(['selftest', '3', '--labs', labs, '--students', '2', '--course-secret', secret, '--namespace-prefix', 'nginx-pod-', '--node-selector', 'lab-grader/real-node=true', '--offline', '--lang', 'en']);
  const rows = run.stdout.split('\n').filter((l) => l.includes('student-'));
  expect(rows.map((l) => l.trim().split(/\s{2,}/).slice(0, 2))).toEqual([
    ['ok', "student-1's solution"],
    ['ok', "student-1's solution handed in by student-2"],
    ['ok', "student-2's solution"],
    ['ok', "student-2's solution handed in by student-1"],
  ]);
  expect(rows.find((l) => l.includes('handed in'))).toContain('fail not-in-default, pod-exists');
}, 120_000);

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { LABS, runCli, sh } from '../labs/harness.js';

/** `lab grade` for one student, as a black box: scores, blocked checks, labs it cannot reach, --min-score. */
const noCluster = { KUBECONFIG: '/nonexistent/kubeconfig' };
const docker = new Docker();

interface Report {
  labs: { id: string; status: string; score: number; maxScore: number; ungradedPoints: number; incomplete: boolean; error?: string; checks: { id: string; status: string; skipReason?: string }[] }[];
  total: { score: number; maxScore: number; ungradedPoints: number; incomplete: boolean };
}

beforeAll(async () => {
  // Grading starts from a machine without lab 1, whatever an earlier test left.
  await docker.getContainer('mimysql').remove({ force: true, v: true }).catch(() => undefined);
});

test('nothing built yet: one failure, the rest blocked; an unreachable cluster is ungraded, not failed', async () => {
  const run = await runCli(['grade', '1', '3', '--format', 'json', '--lang', 'en'], noCluster);
  expect(run.code).toBe(1);
  const report = JSON.parse(run.stdout) as Report;
  const [one, three] = report.labs;
  expect(one.checks.find((c) => c.id === 'container-exists')?.status).toBe('fail');
  expect(one.checks.filter((c) => c.status === 'skip' && c.skipReason === 'blocked').length).toBeGreaterThan(5);
  expect(one).toMatchObject({ status: 'fail', score: 0, incomplete: false });
  expect(one.maxScore).toBeGreaterThan(0);
  expect(three).toMatchObject({ status: 'error', score: 0, maxScore: 0, incomplete: true, error: expect.stringContaining('/nonexistent/kubeconfig') });
  expect(three.ungradedPoints).toBeGreaterThan(0);
  expect(report.total).toEqual({ score: 0, maxScore: one.maxScore, ungradedPoints: three.ungradedPoints, incomplete: true });

  const pretty = await runCli(['grade', '1', '3', '--lang', 'en'], noCluster);
  expect(pretty.stdout).toContain('⊘ container-running');
  expect(pretty.stdout).toContain('Grade incomplete');
  expect(pretty.stdout).toMatch(/Total: 0\/\d+/);
});

test('--min-score decides the exit code; below it with an incomplete grade, the grader cannot tell', async () => {
  expect((await runCli(['grade', '3', '--min-score', '0'], noCluster)).code).toBe(0);
  expect((await runCli(['grade', '3', '--min-score', '1'], noCluster)).code).toBe(2);
  expect((await runCli(['grade', '1', '--min-score', '1'], noCluster)).code).toBe(1);
});

test('the lab 1 solution reaches its full score; grade with no labs grades them all', async () => {
  const work = mkdtempSync(join(tmpdir(), 'lab-grade-'));
  const started = await sh(join(LABS, '01-mysql/solution/run.sh'), work);
  expect(started.code).toBe(0);
  try {
    const one = await runCli(['grade', '1', '--format', 'json', '--timeout', '90'], noCluster);
    const report = JSON.parse(one.stdout) as Report;
    expect(report.labs[0].score).toBe(report.labs[0].maxScore);
    expect(one.code).toBe(0);
    const all = JSON.parse((await runCli(['grade', '--format', 'json'], noCluster)).stdout) as Report;
    // Every lab folder, in order (labs/NN-slug holds lab NN).
    const ids = readdirSync(LABS).filter((d) => /^\d+-/.test(d)).sort().map((d) => String(Number(d.split('-')[0])));
    expect(ids.slice(0, 4)).toEqual(['1', '2', '3', '4']);
    expect(all.labs.map((l) => l.id)).toEqual(ids);
    expect(all.labs[0].score).toBe(report.labs[0].score);
  } finally {
    await docker.getContainer('mimysql').remove({ force: true, v: true }).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
});

test.each([
  ['a gradebook format for one student', ['grade', '1', '--format', 'csv'], 'csv'],
  ['a Docker lab for a class', ['grade', '1', '--namespaces', 'alumno-*'], 'Docker'],
  ['a missing roster', ['grade', '4', '--roster', '/nonexistent/roster.csv'], 'roster'],
])('%s is a usage error: exit 2, one line', async (_, args, words) => {
  const run = await runCli([...args, '--lang', 'en'], noCluster);
  expect(run.code).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toContain(words);
});

test('a class whose cluster cannot be reached: the gradebook says error for everyone, stderr says why, exit 2', async () => {
  const work = mkdtempSync(join(tmpdir(), 'lab-roster-'));
  try {
    const roster = join(work, 'roster.csv');
    writeFileSync(roster, 'student,namespace\nana,alumno-ana\nluis,alumno-luis\n');
    for (const [lang, words] of [['en', 'students of context (current) were not graded'], ['es', 'los alumnos del contexto (actual) no se han calificado']]) {
      const run = await runCli(['grade', '4', '--roster', roster, '--lang', lang], noCluster);
      expect(run.code).toBe(2);
      expect(run.stdout.trim().split('\n').slice(1).map((row) => row.split(',')[4])).toEqual(['error', 'error']);
      expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining(`lab: ${words}: `)]);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ROOT, runCli } from '../../labs/harness.js';
import { holdDockerLock } from '../docker-lock.js';
import { ensureImage, IMAGE } from '../grader-image.js';
import { auditEvents, READ_VERBS } from './audit.js';
import { daemonsetFor, kubectl } from './kube.js';

/**
 * charts/lab-grader on the test cluster: the grader's image loaded into the real node's containerd,
 * `helm install`, a Job made from the CronJob, and the gradebook it keeps in its ConfigMap read back
 * with kubectl, equal to what `lab grade --namespaces` gives from outside. In the Pod the grader has
 * no kubeconfig: it reaches the API server at the `kubernetes` Service with its ServiceAccount
 * token (on the test cluster, through cluster.sh's stand-in for kube-proxy on the real node).
 */
const NS = 'lab-grader-chart-test';
const RELEASE = 'lab-grader';
const CHART = join(ROOT, 'charts', 'lab-grader');
const STUDENTS = ['alumno-chart-ana', 'alumno-chart-bea', 'alumno-chart-carlos'];
const GLOB = 'alumno-chart-*';
const CLUSTER = join(ROOT, 'scripts', 'cluster.sh');
const work = mkdtempSync(join(tmpdir(), 'lab-chart-'));

interface Run { code: number; stdout: string; stderr: string }
const exec = (file: string, args: string[]) =>
  new Promise<Run>((done) =>
    execFile(file, args, { cwd: ROOT, maxBuffer: 64 << 20 }, (err, stdout, stderr) => done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })),
  );
let helmBin = '';
const helm = (...args: string[]) => exec(helmBin, args);
const must = (what: string, run: Run) => {
  if (run.code !== 0) throw new Error(`${what} exited ${run.code}:\n${run.stderr}${run.stdout}`);
  return run;
};

/** Complete or Failed (backoffLimit 0: one Pod), or 'still running' after ms. */
async function jobEnd(job: string, ms: number): Promise<string> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 1000))) {
    const types = (await kubectl('get', 'job', job, '-n', NS, '-o', 'jsonpath={.status.conditions[?(@.status=="True")].type}')).stdout;
    const end = /\b(Complete|Failed)\b/.exec(types)?.[1];
    if (end) return end;
  }
  return 'still running';
}

beforeAll(async () => {
  if (!process.env.KUBECONFIG) throw new Error('KUBECONFIG is not set: run these through scripts/cluster-test.sh');
  helmBin = join((await exec('bash', [CLUSTER, 'bindir'])).stdout.trim(), 'helm');
  // The grader runs on the real node: without it (or without the image) this fails, never skips.
  const nodes = await kubectl('get', 'nodes', '-l', 'lab-grader/real-node=true', '-o', 'name');
  if (!nodes.stdout.trim()) throw new Error('no real node (lab-grader/real-node=true): start the cluster with scripts/cluster.sh up --real-node');
  // Docker only here, under its lock (npm test runs this file after the Docker tests: test/sequencer.cjs).
  const release = await holdDockerLock();
  try {
    await ensureImage(); // built from this tree, or reused (docker's cache: seconds); LAB_GRADER_IMAGE names it
    // The students' DaemonSets run nginx:1.22 on the real node too.
    must('cluster.sh load-image', await exec('bash', [CLUSTER, 'load-image', IMAGE, 'nginx:1.22']));
  } finally {
    release();
  }

  // Ana's DaemonSet is lab 4's reference; Bea's has no control-plane toleration; Carlos has nothing.
  writeFileSync(join(work, 'students.yaml'), [daemonsetFor(STUDENTS[0]), daemonsetFor(STUDENTS[1], (ds) => delete ds.spec.template.spec.tolerations)].join('---\n'));
  must('kubectl apply', await kubectl('apply', '-f', join(work, 'students.yaml')));
  must('kubectl create namespace', await kubectl('create', 'namespace', STUDENTS[2]));
  must('kubectl create namespace', await kubectl('create', 'namespace', NS));
  // The signing key, as an instructor keeps it: a Secret beside the grader.
  must('openssl', await exec('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', join(work, 'grader.key')]));
  must('openssl', await exec('openssl', ['pkey', '-in', join(work, 'grader.key'), '-pubout', '-out', join(work, 'grader.pub')]));
  must('kubectl create secret', await kubectl('create', 'secret', 'generic', 'grader-key', '-n', NS, `--from-file=grader.key=${join(work, 'grader.key')}`));
  for (const ns of STUDENTS.slice(0, 2)) must('rollout', await kubectl('rollout', 'status', 'daemonset/nginx-ds', '-n', ns, '--timeout=90s'));
}, 45 * 60_000);

afterAll(async () => {
  await helm('uninstall', RELEASE, '-n', NS, '--wait', '--timeout', '60s');
  await kubectl('delete', 'namespace', NS, ...STUDENTS, '--ignore-not-found', '--wait=true', '--timeout=90s');
  rmSync(work, { recursive: true, force: true });
});

test('helm lint passes on the chart', async () => {
  const lint = await helm('lint', '--strict', CHART, '--set', 'labs={3,4}', '--set', 'signingKey.secretName=k');
  expect(lint.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
  expect(lint.code).toBe(0);
});

test('installed by helm, a Job from its CronJob grades the class in the cluster: the gradebook read back with kubectl is what lab grade gives from outside', async () => {
  const [repository, tag] = IMAGE.split(':');
  const values = {
    image: { repository, tag },
    labs: ['4'],
    namespaces: [GLOB],
    lang: 'en',
    suspend: true, // only the Job this test makes
    nodeSelector: { 'lab-grader/real-node': 'true' },
    signingKey: { secretName: 'grader-key', key: 'grader.key' },
  };
  writeFileSync(join(work, 'values.yaml'), stringify(values));
  const since = new Date().toISOString();
  must('helm install', await helm('install', RELEASE, CHART, '-n', NS, '-f', join(work, 'values.yaml')));

  must('kubectl create job', await kubectl('create', 'job', '-n', NS, '--from', `cronjob/${RELEASE}`, 'grade-now'));
  const ended = await jobEnd('grade-now', 90_000);
  if (ended !== 'Complete') {
    const logs = await kubectl('logs', '-n', NS, 'job/grade-now', '--tail=20');
    const pods = await kubectl('get', 'pods', '-n', NS, '-o', 'wide');
    throw new Error(`the Job ended ${ended}:\n${pods.stdout}\n${logs.stdout}${logs.stderr}`);
  }
  const pod = JSON.parse((await kubectl('get', 'pods', '-n', NS, '-l', 'job-name=grade-now', '-o', 'json')).stdout).items[0];
  expect(pod.spec.nodeName).toBe('lab-node');
  expect(pod.spec.serviceAccountName).toBe(RELEASE);

  // As its ServiceAccount, the grader only read, but for the one update of its gradebook.
  await new Promise((r) => setTimeout(r, 1500)); // the audit backend writes asynchronously
  const requests = auditEvents(since, `system:serviceaccount:${NS}:${RELEASE}`);
  expect(requests.length).toBeGreaterThan(3);
  expect(requests.filter((e) => !READ_VERBS.includes(e.verb)).map((e) => `${e.verb} ${e.objectRef?.resource}/${e.objectRef?.name}`)).toEqual([`update configmaps/${RELEASE}-gradebook`]);

  // What an instructor types, and what they get.
  const csvInside = await kubectl('get', 'configmap', '-n', NS, `${RELEASE}-gradebook`, '-o', 'jsonpath={.data.gradebook\\.csv}');
  const jsonInside = await kubectl('get', 'configmap', '-n', NS, `${RELEASE}-gradebook`, '-o', 'jsonpath={.data.gradebook\\.json}');
  expect(csvInside.code).toBe(0);
  const inside = JSON.parse(jsonInside.stdout);

  const outside = await runCli(['grade', '4', '--namespaces', GLOB, '--format', 'json', '--lang', 'en']);
  expect(outside.stderr).toBe('');
  const csvOutside = await runCli(['grade', '4', '--namespaces', GLOB, '--format', 'csv', '--lang', 'en']);
  expect(csvInside.stdout).toBe(csvOutside.stdout);
  const { signature, ...unsigned } = inside;
  expect(unsigned).toEqual(JSON.parse(outside.stdout));

  // The class as graded: Ana full marks, Bea misses the control-plane node, Carlos has nothing.
  const book = unsigned.gradebook as { student: string; score: number; maxScore: number; checks: { id: string; status: string }[] }[];
  expect(book.map((r) => r.student)).toEqual(STUDENTS);
  expect(book[0].score).toBe(book[0].maxScore);
  expect(book[1].checks.find((c) => c.id === 'pods-on-every-node')?.status).toBe('fail');
  expect(book[2].checks.find((c) => c.id === 'daemonset-exists')?.status).toBe('fail');

  // Signed with the key from the Secret: the instructor's public key verifies it.
  expect(signature).toMatchObject({ alg: expect.any(String), value: expect.any(String) });
  writeFileSync(join(work, 'gradebook.json'), jsonInside.stdout);
  const verified = await runCli(['verify-report', join(work, 'gradebook.json'), '--key', join(work, 'grader.pub'), '--lang', 'en']);
  expect(verified.stdout + verified.stderr).toMatch(/signature valid/);
  expect(verified.code).toBe(0);

  // Outside the chart, --configmap creates a ConfigMap that does not exist yet.
  const created = await runCli(['grade', '4', '--namespaces', GLOB, '--lang', 'en', '--configmap', `${NS}/from-outside`]);
  expect(created.stderr).toBe('');
  const data = JSON.parse((await kubectl('get', 'configmap', '-n', NS, 'from-outside', '-o', 'jsonpath={.data}')).stdout);
  expect(data['gradebook.csv']).toBe(csvOutside.stdout);
  expect(JSON.parse(data['gradebook.json'])).toEqual(unsigned);
});

test('--configmap takes NAMESPACE/NAME, and keeps a class gradebook only: one line, exit 2', async () => {
  const bad = await runCli(['grade', '4', '--namespaces', GLOB, '--configmap', 'gradebook', '--lang', 'en']);
  expect([bad.code, bad.stderr.trim()]).toEqual([2, 'lab: --configmap takes NAMESPACE/NAME (lowercase names, as Kubernetes spells them), not gradebook']);
  const one = await runCli(['grade', '4', '--configmap', `${NS}/one`, '--lang', 'en']);
  expect([one.code, one.stderr.trim()]).toEqual([2, 'lab: --configmap keeps a class gradebook: use it with --namespaces or --roster.']);
});

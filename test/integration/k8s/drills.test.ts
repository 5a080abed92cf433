import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runCli, ROOT, type CliRun } from '../../labs/harness.js';
import { apiServer, kubeconfigWith, kubectl, tcpProxy } from './kube.js';

/**
 * Failure drills against the test cluster: each one breaks something on purpose and asserts
 * the status of the affected checks (`error` is the grader's trouble, `fail` only the student's
 * mistake), the exit code, and a one-line message with no stack trace.
 * The API server itself is never stopped: a TCP proxy in this process stands in front of it.
 */
const work = mkdtempSync(join(tmpdir(), 'lab-k8s-drills-'));
const DRILL_NS = 'lab-drills';

interface Check { id: string; status: string; message?: string; hint?: string }
const NO_STACK = /^\s+at /m;

async function check(lab: string, args: string[]): Promise<{ run: CliRun; checks: Check[] }> {
  const run = await runCli(['check', lab, '--format', 'json', '--lang', 'en', ...args]);
  expect(run.stderr).not.toMatch(NO_STACK);
  const checks = run.stdout ? (JSON.parse(run.stdout).labs[0].checks as Check[]) : [];
  for (const c of checks) {
    expect(c.message ?? '').not.toContain('\n');
    expect(c.message ?? '').not.toMatch(NO_STACK);
  }
  return { run, checks };
}
const byStatus = (checks: Check[], status: string) => checks.filter((c) => c.status === status).map((c) => c.id).sort();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Lab 3's Pod, bound to a node that does not exist: it stays Pending, so pod-running keeps waiting. */
function pendingPod() {
  const file = join(work, 'pending-pod.yaml');
  writeFileSync(
    file,
    [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab3' } },
      {
        apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx-pod', namespace: 'lab3' },
        spec: { nodeName: 'lab-drills-nowhere', containers: [{ name: 'nginx', image: 'nginx:1.22', ports: [{ containerPort: 80 }] }] },
      },
    ].map((o) => stringify(o)).join('---\n'),
  );
  return file;
}

beforeAll(async () => {
  expect((await kubectl('create', 'namespace', DRILL_NS)).code).toBe(0);
  expect((await kubectl('create', 'serviceaccount', 'nobody', '-n', DRILL_NS)).code).toBe(0);
});

afterAll(async () => {
  await kubectl('delete', 'namespace', DRILL_NS, 'lab3', '--ignore-not-found', '--wait=true', '--timeout=90s');
  rmSync(work, { recursive: true, force: true });
});

describe('the API server goes down in the middle of a run', () => {
  beforeAll(async () => {
    expect((await kubectl('apply', '-f', pendingPod())).code).toBe(0);
  });
  afterAll(async () => {
    await kubectl('delete', 'namespace', 'lab3', '--ignore-not-found', '--wait=true', '--timeout=90s');
  });

  test('cut while lab 3 waits for its Pod: the waiting checks end in error, exit 2', async () => {
    const proxy = await tcpProxy(await apiServer());
    const kubeconfig = await kubeconfigWith(join(work, 'cut.kubeconfig'), undefined, proxy.url);
    const running = check('3', ['--kubeconfig', kubeconfig, '--timeout', '30']);
    while (proxy.connections() === 0) await sleep(50);
    await sleep(2500); // the first LISTs have answered; pod-running and pod-ready are polling
    const cutAt = Date.now();
    await proxy.cut();
    const { run, checks } = await running;

    expect(Date.now() - cutAt).toBeLessThan(10_000);
    expect(run.code).toBe(2);
    expect(byStatus(checks, 'fail')).toEqual([]);
    expect(byStatus(checks, 'error')).toEqual(['pod-ready', 'pod-running']);
    expect(checks.find((c) => c.id === 'pod-exists')?.status).toBe('pass');
    for (const c of checks.filter((x) => x.status === 'error')) {
      expect(c.message).toMatch(new RegExp(`^Lost the connection to cluster ${proxy.url.replace(/\./g, '\\.')} during list pods in namespace lab3 \\((ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET)\\)`));
    }
  });

  test('it stops answering while lab 3 waits: error after --timeout, with the last answer, and the CLI exits', async () => {
    const proxy = await tcpProxy(await apiServer());
    const kubeconfig = await kubeconfigWith(join(work, 'hang.kubeconfig'), undefined, proxy.url);
    const started = Date.now();
    const running = check('3', ['--kubeconfig', kubeconfig, '--timeout', '6']);
    while (proxy.connections() === 0) await sleep(50);
    await sleep(2500);
    proxy.hang();
    // Released only after the CLI has had time to finish on its own; a hung process would fail the assertion below.
    const release = setTimeout(() => void proxy.cut(), 20_000);
    const { run, checks } = await running;
    clearTimeout(release);
    await proxy.cut();

    expect(Date.now() - started).toBeLessThan(18_000);
    expect(run.code).toBe(2);
    expect(byStatus(checks, 'fail')).toEqual([]);
    expect(byStatus(checks, 'error')).toEqual(['pod-ready', 'pod-running']);
    expect(checks.find((c) => c.id === 'pod-running')?.message).toMatch(/^No answer within 6 s \(--timeout\)\. The last answer was: Pod nginx-pod is not Running \(phase Pending\)\.$/);
  });
});

test('a current-context that names no context: exit 2, one line that lists the contexts', async () => {
  const file = await kubeconfigWith(join(work, 'ghost.kubeconfig'), undefined);
  writeFileSync(file, readFileSync(file, 'utf8').replace('current-context: grader@test', 'current-context: ghost'));
  const { run, checks } = await check('4', ['--kubeconfig', file]);
  expect(run.code).toBe(2);
  expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^lab: Kubeconfig .*ghost\.kubeconfig: current-context "ghost" is not one of its contexts \(grader@test\)\. Use --context/)]);
  // The JSON report is still written, for a CI job to read: nothing graded, the same reason as the lab's error.
  expect(checks.length).toBeGreaterThan(0);
  expect(checks.filter((c) => c.status !== 'error' && c.status !== 'skip')).toEqual([]);
  expect(`lab: ${JSON.parse(run.stdout).labs[0].error}`).toBe(run.stderr.trim());
});

test('credentials that may not list: error, exit 2, naming the permission and manifests/grader-rbac.yaml', async () => {
  const token = (await kubectl('create', 'token', 'nobody', '-n', DRILL_NS)).stdout.trim();
  const kubeconfig = await kubeconfigWith(join(work, 'norole.kubeconfig'), { token });
  for (const lab of ['3', '4']) {
    const { run, checks } = await check(lab, ['--kubeconfig', kubeconfig]);
    expect(run.code).toBe(2);
    expect(byStatus(checks, 'fail')).toEqual([]);
    const errors = checks.filter((c) => c.status === 'error');
    expect(errors.map((c) => c.id)).toEqual(expect.arrayContaining([lab === '3' ? 'pod-exists' : 'daemonset-exists', 'not-in-default']));
    for (const c of errors) {
      expect(c.message).toMatch(/^The grader lacks permission to list (pods|daemonsets) in namespace (lab3|lab4|default) \(user system:serviceaccount:lab-drills:nobody, 403 Forbidden\)/);
      expect(c.message).toContain('kubectl apply -f manifests/grader-rbac.yaml');
      expect(c.message).not.toMatch(/not found|There is no/);
    }
  }
  const es = await runCli(['check', '4', '--format', 'json', '--lang', 'es', '--kubeconfig', kubeconfig]);
  expect(JSON.parse(es.stdout).labs[0].checks[0].message).toMatch(/^El corrector no tiene permiso list sobre daemonsets en el namespace lab4/);
});

test("valid credentials but the lab's namespace does not exist: the student's fail, with a hint to create it", async () => {
  expect((await kubectl('apply', '-f', join(ROOT, 'manifests/grader-rbac.yaml'))).code).toBe(0);
  try {
    const token = (await kubectl('create', 'token', 'grader', '-n', 'lab-grader')).stdout.trim();
    const kubeconfig = await kubeconfigWith(join(work, 'grader.kubeconfig'), { token });
    const { run, checks } = await check('4', ['--kubeconfig', kubeconfig, '--namespace', 'lab-drills-absent']);
    expect(run.code).toBe(1);
    expect(byStatus(checks, 'error')).toEqual([]);
    expect(checks.find((c) => c.id === 'daemonset-exists')).toMatchObject({
      status: 'fail',
      message: 'There is no daemonset named nginx-ds in namespace lab-drills-absent.',
      hint: expect.stringContaining('Namespace lab-drills-absent does not exist. Create it (kubectl create namespace lab-drills-absent'),
    });
  } finally {
    await kubectl('delete', '-f', join(ROOT, 'manifests/grader-rbac.yaml'), '--wait=true');
  }
});

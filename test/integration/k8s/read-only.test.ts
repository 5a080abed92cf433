import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { grade, LABS, ROOT } from '../../labs/harness.js';
import { kubeconfigWith, kubectl } from './kube.js';

/**
 * The grader, given only the read-only role of manifests/grader-rbac.yaml, grades labs 3 and 4;
 * the API server's audit log then shows it only read, with one LIST per kind and namespace.
 */
const work = mkdtempSync(join(tmpdir(), 'lab-readonly-'));
const auditLog = /audit-log: (\S+)/.exec(execFileSync('bash', [join(ROOT, 'scripts/cluster.sh'), 'status'], { encoding: 'utf8' }))![1];
const GRADER = 'system:serviceaccount:lab-grader:grader';
let kubeconfig: string;

interface AuditEvent { verb: string; user: { username: string }; objectRef?: { resource?: string; subresource?: string; namespace?: string }; stage: string; requestReceivedTimestamp: string }
const graderEvents = (since: string) =>
  readFileSync(auditLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditEvent)
    .filter((e) => e.user.username === GRADER && e.stage === 'ResponseComplete' && e.requestReceivedTimestamp >= since);

beforeAll(async () => {
  expect((await kubectl('apply', '-f', join(ROOT, 'manifests/grader-rbac.yaml'))).code).toBe(0);
  const token = (await kubectl('create', 'token', 'grader', '-n', 'lab-grader')).stdout.trim();
  kubeconfig = await kubeconfigWith(join(work, 'grader.kubeconfig'), { token });
  await kubectl('apply', '-f', join(LABS, '03-nginx-pod/solution/pod.yaml'));
  await kubectl('apply', '-f', join(LABS, '04-daemonset/solution/daemonset.yaml'));
  // Let the cluster settle with the admin's eyes, so the grader's own run needs no retries.
  await grade('3', ['--timeout', '60']);
  await grade('4', ['--timeout', '60']);
});

afterAll(async () => {
  await kubectl('delete', 'namespace', 'lab3', 'lab4', '--wait=true', '--timeout=90s');
  await kubectl('delete', '-f', join(ROOT, 'manifests/grader-rbac.yaml'), '--wait=true');
  rmSync(work, { recursive: true, force: true });
});

test('with the read-only role the grader grades, and the audit log shows only get, list and watch', async () => {
  const since = new Date(Date.now() - 1000).toISOString();
  const three = await grade('3', ['--kubeconfig', kubeconfig]);
  const four = await grade('4', ['--kubeconfig', kubeconfig]);
  expect(three.checks.filter((c) => c.status === 'error')).toEqual([]);
  expect(four.checks.filter((c) => c.status !== 'pass' && c.status !== 'skip')).toEqual([]);
  expect(three.checks.filter((c) => c.status === 'pass').map((c) => c.id)).toEqual(
    expect.arrayContaining(['pod-exists', 'not-in-default', 'pod-running', 'pod-ready', 'image-nginx', 'image-pinned', 'container-port']),
  );

  await new Promise((r) => setTimeout(r, 1500)); // the audit backend writes asynchronously
  const events = graderEvents(since);
  expect(events.length).toBeGreaterThan(0);
  expect([...new Set(events.map((e) => e.verb))].filter((v) => !['get', 'list', 'watch'].includes(v))).toEqual([]);
  const lists = events.filter((e) => e.verb === 'list').map((e) => `${e.objectRef?.resource}/${e.objectRef?.namespace ?? ''}`);
  // Two runs (labs 3 and 4, each its own process), so each kind and namespace at most once per run.
  const perRun = (ns: string) => lists.filter((l) => l.endsWith(`/${ns}`));
  expect(perRun('lab3').filter((l) => l.startsWith('pods/'))).toHaveLength(1);
  expect(perRun('lab4').filter((l) => l.startsWith('daemonsets/'))).toHaveLength(1);
  expect(perRun('lab4').filter((l) => l.startsWith('pods/'))).toHaveLength(1);
  expect(lists.filter((l) => l === 'nodes/')).toHaveLength(1);
});

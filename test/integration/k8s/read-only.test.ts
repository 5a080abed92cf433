import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grade, LABS } from '../../labs/harness.js';
import { expectReadOnly, graderKubeconfig, removeGraderRbac } from './audit.js';
import { kubectl } from './kube.js';

/**
 * The grader, given only the read-only role of manifests/grader-rbac.yaml, grades labs 3 and 4;
 * the API server's audit log then shows it only read, with one LIST per kind and namespace.
 * (test/labs/k8s-labs.test.ts does the same for every solution and wrong variant.)
 */
const work = mkdtempSync(join(tmpdir(), 'lab-readonly-'));
let kubeconfig: string;

beforeAll(async () => {
  kubeconfig = await graderKubeconfig(join(work, 'grader.kubeconfig'));
  await kubectl('apply', '-f', join(LABS, '03-nginx-pod/solution/pod.yaml'));
  await kubectl('apply', '-f', join(LABS, '04-daemonset/solution/daemonset.yaml'));
  // Let the cluster settle with the admin's eyes, so the grader's own run needs no retries.
  await grade('3', ['--timeout', '60']);
  await grade('4', ['--timeout', '60']);
});

afterAll(async () => {
  await kubectl('delete', 'namespace', 'lab3', 'lab4', '--wait=true', '--timeout=90s');
  await removeGraderRbac();
  rmSync(work, { recursive: true, force: true });
});

test('with the read-only role the grader grades, and the audit log shows only get, list and watch', async () => {
  const { result: [three, four], events } = await expectReadOnly(async () => [await grade('3', ['--kubeconfig', kubeconfig]), await grade('4', ['--kubeconfig', kubeconfig])]);
  expect(three.checks.filter((c) => c.status === 'error')).toEqual([]);
  expect(four.checks.filter((c) => c.status !== 'pass' && c.status !== 'skip')).toEqual([]);
  expect(three.checks.filter((c) => c.status === 'pass').map((c) => c.id)).toEqual(
    expect.arrayContaining(['pod-exists', 'not-in-default', 'pod-running', 'pod-ready', 'image-nginx', 'image-pinned', 'container-port']),
  );

  expect([...new Set(events.map((e) => e.verb))].filter((v) => !['get', 'list', 'watch'].includes(v))).toEqual([]);
  const lists = events.filter((e) => e.verb === 'list').map((e) => `${e.objectRef?.resource}/${e.objectRef?.namespace ?? ''}`);
  // Two runs (labs 3 and 4, each its own process), so each kind and namespace at most once per run.
  const perRun = (ns: string) => lists.filter((l) => l.endsWith(`/${ns}`));
  expect(perRun('lab3').filter((l) => l.startsWith('pods/'))).toHaveLength(1);
  expect(perRun('lab4').filter((l) => l.startsWith('daemonsets/'))).toHaveLength(1);
  expect(perRun('lab4').filter((l) => l.startsWith('pods/'))).toHaveLength(1);
  expect(lists.filter((l) => l === 'nodes/')).toHaveLength(1);
});

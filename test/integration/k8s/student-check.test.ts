import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { grade, LABS, runCli } from '../../labs/harness.js';
import { expectReadOnlySince } from './audit.js';
import { kubeconfigWith, kubectl } from './kube.js';

/**
 * A classroom student grades themselves: only the rights manifests/student.yaml gives
 * (their namespace, and reading nodes), their own ServiceAccount token, `lab check 3` and
 * `lab check 4 --namespace <theirs>`. Every check must reach a verdict (no `error`), the
 * right one, and the student's own run only reads.
 */
const work = mkdtempSync(join(tmpdir(), 'lab-student-check-'));
const STUDENT = 'eva';
const NS = `lab-self-${STUDENT}`;
const USER = `system:serviceaccount:${NS}:${STUDENT}`;
let kubeconfig = '';
let kwokWorkers: string[] = [];
let realNodes: string[] = [];

/** A lab's file as the student writes it for their namespace: no Namespace object, no metadata.namespace. */
function forStudent(file: string, change: (o: any) => void = () => undefined): string {
  const docs = parseAllDocuments(readFileSync(join(LABS, file), 'utf8'))
    .map((d) => d.toJS())
    .filter((o) => o.kind !== 'Namespace');
  for (const o of docs) {
    delete o.metadata.namespace;
    change(o);
  }
  const out = join(work, file.replaceAll('/', '-'));
  writeFileSync(out, docs.map((o) => stringify(o)).join('---\n'));
  return out;
}

const asStudent = (...args: string[]) => kubectl('--kubeconfig', kubeconfig, ...args);
const check = (lab: string, extra: string[] = []) => grade(lab, ['--kubeconfig', kubeconfig, '--namespace', NS, '--timeout', '60', ...extra]);
/** A start for the audit window that leaves out the student's own kubectl requests just made (the helper looks 1 s back). */
const auditStart = async () => {
  await new Promise((r) => setTimeout(r, 1200));
  return new Date(Date.now() - 1000).toISOString();
};
const statuses = (checks: { id: string; status: string }[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]));

interface Node { metadata: { name: string; labels?: Record<string, string> }; status: { nodeInfo: { containerRuntimeVersion: string } } }

beforeAll(async () => {
  const stamped = await runCli(['cluster', 'student', STUDENT, '--prefix', 'lab-self-']);
  expect(stamped.code).toBe(0);
  writeFileSync(join(work, 'student.yaml'), stamped.stdout);
  expect(await kubectl('apply', '-f', join(work, 'student.yaml'))).toMatchObject({ code: 0 });
  const token = await kubectl('create', 'token', STUDENT, '-n', NS, '--duration', '1h');
  expect(token.code).toBe(0);
  kubeconfig = await kubeconfigWith(join(work, 'student.kubeconfig'), { token: token.stdout.trim() });
  const nodes = JSON.parse((await kubectl('get', 'nodes', '-o', 'json')).stdout).items as Node[];
  const isKwok = (n: Node) => n.status.nodeInfo.containerRuntimeVersion.startsWith('kwok');
  realNodes = nodes.filter((n) => !isKwok(n)).map((n) => n.metadata.name);
  kwokWorkers = nodes.filter((n) => isKwok(n) && !('node-role.kubernetes.io/control-plane' in (n.metadata.labels ?? {}))).map((n) => n.metadata.name);
});

afterAll(async () => {
  for (const node of kwokWorkers) await kubectl('uncordon', node);
  await kubectl('delete', '-f', join(work, 'student.yaml'), '--ignore-not-found', '--wait=true', '--timeout=120s');
  rmSync(work, { recursive: true, force: true });
});

test('the student may read nodes but not default, other namespaces or the namespace list', async () => {
  expect((await asStudent('auth', 'can-i', 'list', 'nodes')).stdout.trim()).toBe('yes');
  expect((await asStudent('auth', 'can-i', 'get', 'pods', '--subresource=proxy', '-n', NS)).stdout.trim()).toBe('yes');
  for (const args of [['list', 'pods', '-n', 'default'], ['list', 'daemonsets', '-n', 'kube-system'], ['list', 'namespaces'], ['list', 'pods', '--all-namespaces']]) {
    expect([args.join(' '), (await asStudent('auth', 'can-i', ...args)).stdout.trim()]).toEqual([args.join(' '), 'no']);
  }
});

test('with nothing applied yet, lab check 4 fails (not errors) and not-in-default earns nothing', async () => {
  const since = await auditStart();
  const { run, checks } = await check('4');
  expect(run.code).toBe(1);
  expect(statuses(checks)).toEqual({
    'daemonset-exists': 'fail',
    'not-in-default': 'fail',
    'image-pinned': 'skip',
    'selector-matches-template': 'skip',
    'pods-on-every-node': 'skip',
    'pods-ready': 'skip',
    'manifest-matches': 'skip',
  });
  expect(checks.find((c) => c.id === 'not-in-default')?.message).toBe(`There is no daemonset nginx-ds in namespace ${NS} yet, so it is not in a namespace of its own.`);
  await expectReadOnlySince(since, USER);
});

test("lab 3's solution, applied and graded by the student in their namespace: every check passes", async () => {
  // kwok workers cordoned, so that the Pod lands on the real node and nginx really answers.
  if (realNodes.length) for (const node of kwokWorkers) await kubectl('cordon', node);
  const pod = forStudent('03-nginx-pod/solution/pod.yaml');
  expect(await asStudent('apply', '-n', NS, '-f', pod)).toMatchObject({ code: 0, stderr: '' });
  const since = await auditStart();
  const { run, checks } = await check('3', ['--manifest', pod]);
  const expected = Object.fromEntries(checks.map((c) => [c.id, realNodes.length || c.id !== 'serves-http' ? 'pass' : 'fail']));
  expect(statuses(checks)).toEqual(expected);
  expect(run.code).toBe(realNodes.length ? 0 : 1);
  if (realNodes.length) expect(checks.find((c) => c.id === 'serves-http')?.actual).toContain('Welcome to nginx!');
  const events = await expectReadOnlySince(since, USER);
  // Reads of its own namespace and the nodes; default only by the connection probe (refused, harmless).
  expect([...new Set(events.filter((e) => e.objectRef?.namespace && e.objectRef.namespace !== NS).map((e) => `${e.objectRef?.namespace}/${e.objectRef?.resource}`))]).toEqual(['default/pods']);
  for (const node of kwokWorkers) await kubectl('uncordon', node);
});

test("lab 3, a known mistake: the student's own run fails image-pinned, and nothing ends in error", async () => {
  const pod = forStudent('03-nginx-pod/wrong/tag-latest/pod.yaml');
  expect((await asStudent('delete', 'pod', 'nginx-pod', '-n', NS, '--wait=true')).code).toBe(0);
  expect(await asStudent('apply', '-n', NS, '-f', pod)).toMatchObject({ code: 0, stderr: '' });
  const { checks } = await check('3');
  expect(checks.filter((c) => c.status === 'error')).toEqual([]);
  expect(checks.find((c) => c.id === 'image-pinned')).toMatchObject({ status: 'fail', hint: expect.stringContaining('nginx:1.22') });
  expect(checks.find((c) => c.id === 'not-in-default')?.status).toBe('pass');
});

test("lab 4's solution in the student's namespace: every check passes, pods-on-every-node counting the nodes as the student", async () => {
  const ds = forStudent('04-daemonset/solution/daemonset.yaml');
  expect(await asStudent('apply', '-n', NS, '-f', ds)).toMatchObject({ code: 0, stderr: '' });
  expect((await asStudent('rollout', 'status', 'daemonset/nginx-ds', '-n', NS, '--timeout=120s')).code).toBe(0);
  const { run, checks } = await check('4', ['--manifest', ds]);
  expect(statuses(checks)).toEqual(Object.fromEntries(checks.map((c) => [c.id, 'pass'])));
  expect(checks).toHaveLength(7);
  expect(run.code).toBe(0);
});

test('lab 4 without the toleration, as the student: pods-on-every-node fails and names the taint', async () => {
  const ds = forStudent('04-daemonset/wrong/no-toleration/daemonset.yaml');
  expect((await asStudent('delete', 'daemonset', 'nginx-ds', '-n', NS, '--wait=true')).code).toBe(0);
  expect(await asStudent('apply', '-n', NS, '-f', ds)).toMatchObject({ code: 0, stderr: '' });
  const { run, checks } = await check('4');
  expect(run.code).toBe(1);
  expect(checks.filter((c) => c.status !== 'pass' && c.status !== 'skip').map((c) => `${c.id}: ${c.status}`)).toEqual(['pods-on-every-node: fail']);
  expect(checks.find((c) => c.id === 'pods-on-every-node')?.hint).toContain('node-role.kubernetes.io/control-plane');
});

test("lab 10's solution in the student's namespace: the ConfigMap, the init container's end and the page, all read as the student", async () => {
  // On the real node, where the init container really runs and nginx really serves.
  const pin = (o: any) => { if (o.kind === 'Pod' && realNodes.length) o.spec.nodeSelector = { 'lab-grader/real-node': 'true' }; };
  const web = forStudent('10-configmap/solution/miweb.yaml', pin);
  expect(await asStudent('apply', '-n', NS, '-f', web)).toMatchObject({ code: 0, stderr: '' });
  const since = await auditStart();
  const { run, checks } = await check('10', ['--manifest', web]);
  const expected = Object.fromEntries(checks.map((c) => [c.id, realNodes.length || c.id !== 'serves-configmap-value' ? 'pass' : 'fail']));
  expect(statuses(checks)).toEqual(expected);
  expect(run.code).toBe(realNodes.length ? 0 : 1);
  const events = await expectReadOnlySince(since, USER);
  expect(events.some((e) => e.objectRef?.resource === 'configmaps' && e.objectRef.namespace === NS)).toBe(true);
  await asStudent('delete', '-n', NS, '-f', web, '--wait=true');
});

test("lab 8's solution in the student's namespace: Deployment, Service and EndpointSlices read as the student; the page asked through both proxies", async () => {
  const web = forStudent('08-deployment/solution/miweb.yaml');
  expect(await asStudent('apply', '-n', NS, '-f', web)).toMatchObject({ code: 0, stderr: '' });
  expect((await asStudent('rollout', 'status', 'deployment/miweb', '-n', NS, '--timeout=120s')).code).toBe(0);
  const since = await auditStart();
  const { checks } = await check('8', ['--manifest', web]);
  // The spread puts a Pod on each schedulable node, kwok ones too, where nothing answers: the
  // serving check fails there for the cluster's reason, every other check passes.
  expect(statuses(checks)).toEqual(Object.fromEntries(checks.map((c) => [c.id, c.id === 'serves-through-service' ? 'fail' : 'pass'])));
  expect(checks.find((c) => c.id === 'serves-through-service')?.actual).toContain('503 error trying to reach service');
  const events = await expectReadOnlySince(since, USER);
  expect(events.some((e) => e.objectRef?.resource === 'services' && e.objectRef.subresource === 'proxy')).toBe(true);
  expect(events.some((e) => e.objectRef?.resource === 'endpointslices' && e.objectRef.namespace === NS)).toBe(true);
  await asStudent('delete', '-n', NS, '-f', web, '--wait=true');
});

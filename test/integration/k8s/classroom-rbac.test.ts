import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT, runCli } from '../../labs/harness.js';
import { kubeconfigWith, kubectl } from './kube.js';

/**
 * The classroom manifests on a real API server: two stamped students, each with a token of
 * their own, and the grader's read-only identity. Every verdict is an actual request.
 */
const work = mkdtempSync(join(tmpdir(), 'lab-classroom-'));
const PREFIX = 'lab-rbac-';
const ANA = { name: 'ana', ns: `${PREFIX}ana`, kubeconfig: '' };
const LUIS = { name: 'luis', ns: `${PREFIX}luis`, kubeconfig: '' };
let grader = '';
let graderWasThere = false;

const file = (name: string, text: string) => {
  writeFileSync(join(work, name), text);
  return join(work, name);
};
const as = (kubeconfig: string, ...args: string[]) => kubectl('--kubeconfig', kubeconfig, ...args);
const forbidden = (run: { code: number; stderr: string }, user: string) => {
  expect(run.code).not.toBe(0);
  expect(run.stderr).toMatch(new RegExp(`is forbidden: User "${user}" cannot`));
};
const podYaml = (name: string) =>
  file(`${name}.yaml`, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  labels: {app: ${name}}\nspec:\n  containers:\n  - name: web\n    image: nginx:1.22\n`);
const dsYaml = file(
  'ds.yaml',
  'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: ds\nspec:\n  selector: {matchLabels: {app: ds}}\n  template:\n    metadata: {labels: {app: ds}}\n    spec:\n      containers:\n      - {name: web, image: nginx:1.22}\n',
);

beforeAll(async () => {
  // One student stamped by the CLI, the other by envsubst as the template's comment says.
  const cli = await runCli(['cluster', 'student', ANA.name, LUIS.name, '--prefix', PREFIX]);
  expect(cli.code).toBe(0);
  const bySubst = execFileSync('envsubst', ['${STUDENT} ${NAMESPACE}'], {
    input: readFileSync(join(ROOT, 'manifests/student.yaml')),
    env: { ...process.env, STUDENT: LUIS.name, NAMESPACE: LUIS.ns },
    encoding: 'utf8',
  });
  const cliDocs = parseAllDocuments(cli.stdout).map((d) => d.toJS());
  expect(parseAllDocuments(bySubst).map((d) => d.toJS())).toEqual(cliDocs.slice(cliDocs.length / 2));

  expect(await kubectl('apply', '-f', file('ana.yaml', cli.stdout.split(/^---\n# luis\n/m)[0]))).toMatchObject({ code: 0 });
  expect(await kubectl('apply', '-f', file('luis.yaml', bySubst))).toMatchObject({ code: 0 });
  graderWasThere = (await kubectl('get', 'clusterrolebinding', 'lab-grader-read')).code === 0;
  expect(await kubectl('apply', '-f', join(ROOT, 'manifests/grader-rbac.yaml'))).toMatchObject({ code: 0 });

  for (const s of [ANA, LUIS]) {
    const token = await kubectl('create', 'token', s.name, '-n', s.ns);
    expect(token.code).toBe(0);
    s.kubeconfig = await kubeconfigWith(join(work, `${s.name}.kubeconfig`), { token: token.stdout.trim() });
  }
  const token = await kubectl('create', 'token', 'grader', '-n', 'lab-grader');
  grader = await kubeconfigWith(join(work, 'grader.kubeconfig'), { token: token.stdout.trim() });
});

afterAll(async () => {
  await kubectl('delete', 'namespace', ANA.ns, LUIS.ns, '--ignore-not-found', '--wait=true', '--timeout=90s');
  for (const s of [ANA, LUIS]) await kubectl('delete', 'clusterrolebinding,clusterrole', `lab-grader-student-${s.ns}`, '--ignore-not-found');
  if (!graderWasThere) await kubectl('delete', '-f', join(ROOT, 'manifests/grader-rbac.yaml'), '--ignore-not-found', '--wait=true');
  rmSync(work, { recursive: true, force: true });
});

const anaUser = `system:serviceaccount:${PREFIX}ana:ana`;
const graderUser = 'system:serviceaccount:lab-grader:grader';

test('a student creates and lists Pods and DaemonSets in their own namespace', async () => {
  expect(await as(ANA.kubeconfig, 'create', '-n', ANA.ns, '-f', podYaml('web-ana'))).toMatchObject({ code: 0 });
  expect(await as(ANA.kubeconfig, 'create', '-n', ANA.ns, '-f', dsYaml)).toMatchObject({ code: 0 });
  expect((await as(ANA.kubeconfig, 'get', 'pods', '-n', ANA.ns, '-o', 'name')).stdout).toContain('pod/web-ana');
  expect((await as(ANA.kubeconfig, 'get', 'daemonsets', '-n', ANA.ns, '-o', 'name')).stdout).toBe('daemonset.apps/ds\n');
  expect(await as(LUIS.kubeconfig, 'create', '-n', LUIS.ns, '-f', podYaml('web-luis'))).toMatchObject({ code: 0 });
});

test("a student can neither read nor write another student's namespace, nor widen their rights", async () => {
  forbidden(await as(ANA.kubeconfig, 'get', 'pods', '-n', LUIS.ns), anaUser);
  forbidden(await as(ANA.kubeconfig, 'get', 'pod', 'web-luis', '-n', LUIS.ns), anaUser);
  forbidden(await as(ANA.kubeconfig, 'get', 'daemonsets', '-n', LUIS.ns), anaUser);
  forbidden(await as(ANA.kubeconfig, 'create', '-n', LUIS.ns, '-f', podYaml('intruder')), anaUser);
  forbidden(await as(ANA.kubeconfig, 'delete', 'pod', 'web-luis', '-n', LUIS.ns), anaUser);
  forbidden(await as(ANA.kubeconfig, 'get', 'pods', '--all-namespaces'), anaUser);
  forbidden(await as(ANA.kubeconfig, 'get', 'namespaces'), anaUser);
  // Reading nodes (lab 4 counts them) is the one cluster-wide right, and it is read-only.
  expect((await as(ANA.kubeconfig, 'get', 'nodes', '-o', 'name')).code).toBe(0);
  forbidden(await as(ANA.kubeconfig, 'label', 'node', 'lab-control-plane', 'ana=was-here'), anaUser);
  forbidden(await as(ANA.kubeconfig, 'delete', 'clusterrolebinding', `lab-grader-student-${LUIS.ns}`), anaUser);
  forbidden(await as(ANA.kubeconfig, 'create', 'rolebinding', 'more', '-n', ANA.ns, '--clusterrole=admin', `--serviceaccount=${ANA.ns}:ana`), anaUser);
  // Luis's Pod is still there, as Luis sees it.
  expect((await as(LUIS.kubeconfig, 'get', 'pods', '-n', LUIS.ns, '-o', 'name')).stdout).toBe('pod/web-luis\n');
});

test('the grader lists every kind across all namespaces, may get pods/proxy, and writes nothing', async () => {
  const pods = await as(grader, 'get', 'pods', '--all-namespaces', '-o', 'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}');
  expect(pods.code).toBe(0);
  expect(pods.stdout.split('\n')).toEqual(expect.arrayContaining([`${ANA.ns}/web-ana`, `${LUIS.ns}/web-luis`]));
  for (const kind of ['daemonsets', 'deployments', 'replicasets', 'events', 'namespaces']) {
    expect([kind, (await as(grader, 'get', kind, '--all-namespaces', '-o', 'name')).code]).toEqual([kind, 0]);
  }
  expect((await as(grader, 'get', 'daemonsets', '--all-namespaces', '-o', 'name')).stdout).toContain('daemonset.apps/ds');
  expect((await as(grader, 'get', 'pod', 'web-luis', '-n', LUIS.ns, '-o', 'jsonpath={.spec.containers[0].image}')).stdout).toBe('nginx:1.22');
  expect((await as(grader, 'auth', 'can-i', 'get', 'pods', '--subresource=proxy', '-n', ANA.ns)).stdout.trim()).toBe('yes');

  forbidden(await as(grader, 'create', '-n', ANA.ns, '-f', podYaml('graders-own')), graderUser);
  forbidden(await as(grader, 'delete', 'pod', 'web-ana', '-n', ANA.ns), graderUser);
  forbidden(await as(grader, 'label', 'pod', 'web-ana', '-n', ANA.ns, 'graded=yes'), graderUser);
  forbidden(await as(grader, 'patch', 'daemonset', 'ds', '-n', ANA.ns, '-p', '{"spec":{"minReadySeconds":5}}'), graderUser);
  forbidden(await as(grader, 'get', 'secrets', '-n', ANA.ns), graderUser);
  expect((await as(ANA.kubeconfig, 'get', 'pod', 'web-ana', '-n', ANA.ns, '-o', 'jsonpath={.metadata.labels}')).stdout).not.toContain('graded');
});

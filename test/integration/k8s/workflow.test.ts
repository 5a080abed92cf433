import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { annotations, junitSuites, workspace, type Workspace } from '../../e2e/workflow-harness.js';
import { LABS } from '../../labs/harness.js';
import { kubectl } from './kube.js';

/**
 * The Kubernetes half of examples/github-actions/grade.yml: its apply-manifests, grade-github and
 * grade-junit steps, read from the YAML and run with bash against the test cluster, in a course
 * repository whose k8s/ holds a lab 4 solution (or a known mistake).
 */
const lab4 = parse(readFileSync(join(LABS, '04-daemonset/lab.yaml'), 'utf8')) as { checks: { id: string }[] };
const ids = lab4.checks.map((c) => c.id);
const env = { LAB: '4', LAB_LANG: 'en', TIMEOUT: '90', MIN_SCORE: '' };

const removeLab4 = () => kubectl('delete', 'namespace', 'lab4', '--ignore-not-found', '--wait=true', '--timeout=90s');
let ws: Workspace | undefined;
beforeAll(async () => {
  if (!process.env.KUBECONFIG) throw new Error('KUBECONFIG is not set: run these with the test cluster (scripts/cluster.sh kubeconfig)');
  await removeLab4();
});
afterEach(async () => {
  await removeLab4();
  ws?.remove();
  ws = undefined;
});

async function student(manifest: string) {
  ws = workspace({ 'k8s/daemonset.yaml': manifest });
  const applied = await ws.run('apply-manifests', env);
  expect([applied.code, applied.stdout]).toEqual([0, expect.stringContaining('daemonset.apps/nginx-ds created')]);
  return ws;
}

const readReport = (w: Workspace) => {
  const [suite, ...others] = junitSuites(readFileSync(join(w.dir, 'report.xml'), 'utf8'));
  expect(others).toEqual([]);
  expect(suite.name).toBe('4-daemonset');
  expect(suite.cases.map((c) => c.id)).toEqual(ids);
  return suite;
};

test('the reference DaemonSet: green steps, one notice with the score, the summary table and a JUnit report of every check', async () => {
  const w = await student(join(LABS, '04-daemonset/solution/daemonset.yaml'));

  const github = await w.run('grade-github', env);
  expect([github.code, github.stderr]).toEqual([0, '']);
  expect(annotations(github.stdout)).toEqual([
    { kind: 'notice', title: expect.stringMatching(/^Lab 4 · daemonset — /), message: expect.stringMatching(/^Score: 6\/6 · 6 passed · 0 failed · 1 skipped · /) },
  ]);
  const summary = readFileSync(w.summary, 'utf8');
  expect(summary).toMatch(/^## Lab 4 · daemonset — .*\n\n\*\*Score: 6\/6/);
  for (const id of ids) expect(summary).toContain(`<code>${id}</code>`);

  const junit = await w.run('grade-junit', env);
  expect([junit.code, junit.stdout]).toEqual([0, '']);
  const suite = readReport(w);
  expect(suite.properties).toMatchObject({ score: '6', maxScore: '6' });
  expect(suite.cases.filter((c) => c.state !== 'pass').map((c) => [c.id, c.state])).toEqual([['manifest-matches', 'skipped']]);
});

test('a DaemonSet without the control-plane toleration: the github step fails on pods-on-every-node, the junit step records it', async () => {
  const variant = join(LABS, '04-daemonset/wrong/no-toleration');
  const expected = (parse(readFileSync(join(variant, 'expect.yaml'), 'utf8')) as { fail: string[] }).fail;
  const w = await student(join(variant, 'daemonset.yaml'));

  const github = await w.run('grade-github', env);
  expect(github.code).toBe(1);
  const errors = annotations(github.stdout).filter((n) => n.kind === 'error');
  expect(errors.map((n) => n.title.replace(/^Lab 4 · ([^:]+):.*$/, '$1'))).toEqual(expected);
  expect(errors[0].message).toContain('node-role.kubernetes.io/control-plane');
  expect(readFileSync(w.summary, 'utf8')).toMatch(/\| ❌ \| <code>pods-on-every-node<\/code> .* \| 0\/1 \| \*\*failed\*\*<br>/);

  const junit = await w.run('grade-junit', env);
  expect(junit.code).toBe(0);
  const suite = readReport(w);
  expect(suite.cases.filter((c) => c.state === 'failure').map((c) => c.id)).toEqual(expected);
  expect(suite.properties).toMatchObject({ score: '5', maxScore: '6' });
});

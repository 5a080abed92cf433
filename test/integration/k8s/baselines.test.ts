import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grade, LABS, ROOT, sh } from '../../labs/harness.js';
import { kubectl } from './kube.js';
import { pinnedToRealNode } from '../../labs/k8s-cases.js';

/**
 * The kubectl baselines `npm run bench` times lab checks 3 and 4 against must be honest:
 * exit 0 on the reference solutions, and 1 with the right reason on known mistakes.
 */
const script = (lab: string) => join(ROOT, 'bench', 'baselines', `check-${lab}.sh`);
let kwokWorkers: string[] = [];
let realNodes: string[] = [];

beforeAll(async () => {
  const nodes = JSON.parse((await kubectl('get', 'nodes', '-o', 'json')).stdout).items as any[];
  const kwok = (n: any) => String(n.status.nodeInfo.containerRuntimeVersion).startsWith('kwok');
  realNodes = nodes.filter((n) => !kwok(n)).map((n) => n.metadata.name);
  kwokWorkers = nodes.filter((n) => kwok(n) && !(n.spec.taints ?? []).length).map((n) => n.metadata.name);
});

const cleanup = async () => {
  for (const n of [...kwokWorkers, ...realNodes]) await kubectl('uncordon', n);
  await kubectl('delete', 'namespace', 'lab3', 'lab4', '--ignore-not-found', '--wait=true', '--timeout=90s');
};
afterEach(cleanup);
afterAll(cleanup);

test('lab 4: the baseline passes on the solution and names the miss on known mistakes', async () => {
  await kubectl('apply', '-f', join(LABS, '04-daemonset/solution/daemonset.yaml'));
  expect((await grade('4', ['--timeout', '60'])).run.code).toBe(0);
  expect(await sh(script('4'), ROOT)).toMatchObject({ code: 0, stdout: 'OK: lab 4\n' });
  for (const [variant, reason] of [
    ['no-toleration', /does not cover all \d+ nodes/],
    ['tag-latest', /does not pin a version/],
  ] as const) {
    await kubectl('delete', 'daemonset', 'nginx-ds', '-n', 'lab4', '--wait=true');
    await kubectl('apply', '-f', join(LABS, '04-daemonset/wrong', variant, 'daemonset.yaml'));
    await grade('4', ['--timeout', '20']); // lets the DaemonSet controller settle
    const run = await sh(script('4'), ROOT);
    expect([variant, run.code]).toEqual([variant, 1]);
    expect(run.stdout).toMatch(reason);
  }
  await kubectl('delete', 'daemonset', 'nginx-ds', '-n', 'lab4', '--wait=true');
  expect(await sh(script('4'), ROOT)).toMatchObject({ code: 1, stdout: 'FAIL: daemonset nginx-ds does not exist in lab4\n' });
});

test('lab 3: the baseline passes on the solution (served on the real node) and names the miss on known mistakes', async () => {
  const realNode = realNodes.length > 0;
  for (const n of realNode ? kwokWorkers : []) await kubectl('cordon', n);
  await kubectl('apply', '-f', join(LABS, '03-nginx-pod/solution/pod.yaml'));
  const graded = await grade('3', ['--timeout', '90']);
  const solution = await sh(script('3'), ROOT);
  if (realNode) {
    expect(graded.run.code).toBe(0);
    expect(solution).toMatchObject({ code: 0, stdout: 'OK: lab 3\n' });
  } else {
    // kwok nodes run nothing: nobody answers behind the pod proxy, for the grader or the script.
    expect(solution).toMatchObject({ code: 1, stdout: 'FAIL: nginx does not serve its page\n' });
  }
  // The mistakes go to kwok nodes, where even :latest runs (nothing is pulled), so each script
  // gets past Running and Ready to the fact that is wrong.
  for (const n of kwokWorkers) await kubectl('uncordon', n);
  for (const n of realNodes) await kubectl('cordon', n);
  for (const [variant, reason] of [
    ['no-port', /port 80 is not declared/],
    ['tag-latest', /does not pin a version/],
  ] as const) {
    await kubectl('delete', 'pod', 'nginx-pod', '-n', 'lab3', '--wait=true');
    await kubectl('apply', '-f', join(LABS, '03-nginx-pod/wrong', variant, 'pod.yaml'));
    await kubectl('wait', '--for=condition=Ready', 'pod/nginx-pod', '-n', 'lab3', '--timeout=60s');
    const run = await sh(script('3'), ROOT);
    expect([variant, run.code]).toEqual([variant, 1]);
    expect(run.stdout).toMatch(reason);
  }
});

/** A lab's file applied with its Pods on the real node, when there is one. */
async function applyPinned(file: string) {
  return kubectl('apply', '-f', realNodes.length ? pinnedToRealNode(file, mkdtempSync(join(tmpdir(), 'lab-baseline-'))) : file);
}

test('labs 9 and 10: the baselines pass on the solutions (on the real node) and name the miss on known mistakes', async () => {
  try {
    expect((await applyPinned(join(LABS, '09-statefulset/solution/mysql.yaml'))).code).toBe(0);
    expect((await applyPinned(join(LABS, '10-configmap/solution/miweb.yaml'))).code).toBe(0);
    if (realNodes.length) {
      for (const lab of ['9', '10']) {
        const { checks } = await grade(lab, ['--timeout', '180']);
        expect([lab, checks.filter((c) => c.status !== 'pass' && c.status !== 'skip').map((c) => `${c.id}: ${c.status} ${c.message}`)]).toEqual([lab, []]);
      }
      expect(await sh(script('9'), ROOT)).toMatchObject({ code: 0, stdout: 'OK: lab 9\n' });
      expect(await sh(script('10'), ROOT)).toMatchObject({ code: 0, stdout: 'OK: lab 10\n' });
    }
    for (const [lab, folder, variant, file, reason] of [
      ['9', '09-statefulset', 'literal-password', 'mysql.yaml', /written in the manifest/],
      ['10', '10-configmap', 'baked-page', 'miweb.yaml', /does not read configmap|does not show/],
    ] as const) {
      await kubectl('delete', 'namespace', `lab${lab}`, '--wait=true', '--timeout=120s');
      expect((await applyPinned(join(LABS, folder, 'wrong', variant, file))).code).toBe(0);
      await grade(lab, ['--timeout', '60']); // lets the controllers settle
      const run = await sh(script(lab), ROOT);
      expect([variant, run.code]).toEqual([variant, 1]);
      expect(run.stdout).toMatch(reason);
    }
  } finally {
    await kubectl('delete', 'namespace', 'lab9', 'lab10', '--ignore-not-found', '--wait=true', '--timeout=120s');
  }
});

import { join } from 'node:path';
import { grade, LABS, ROOT, sh } from '../../labs/harness.js';
import { kubectl } from './kube.js';

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

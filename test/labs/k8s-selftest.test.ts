import { join } from 'node:path';
import { casesOf, LABS, runCli } from './harness.js';
import { clusterNodes, REAL_NODE_LABEL } from './k8s-cases.js';
import { kubectl } from '../integration/k8s/kube.js';

/**
 * `lab selftest 3` on the test cluster, in namespaces of its own (--namespace-prefix selftest-,
 * so lab3 is selftest-lab3 and other runs of the lab tests are left alone), its Pods pinned to the
 * real node where nginx really serves and nothing can be pulled (--offline).
 */
const PREFIX = 'selftest-';
const ARGS = ['selftest', '3', '--namespace-prefix', PREFIX, '--lang', 'en'];
const PIN = ['--node-selector', Object.entries(REAL_NODE_LABEL).map(([k, v]) => `${k}=${v}`).join()];
const namespaces = async () => (await kubectl('get', 'namespaces', '-o', 'name')).stdout.split('\n').filter((n) => n.startsWith(`namespace/${PREFIX}`));

beforeAll(() => {
  if (!process.env.KUBECONFIG) throw new Error('KUBECONFIG is not set: run these through scripts/cluster-test.sh');
});
afterAll(async () => {
  await kubectl('delete', 'namespace', `${PREFIX}lab3`, '--ignore-not-found', '--wait=false');
});

test('a namespace it would use that is there already is refused without --force, and left as it was', async () => {
  expect((await kubectl('create', 'namespace', `${PREFIX}lab3`)).code).toBe(0);
  try {
    const run = await runCli(ARGS);
    expect(run.stderr).toBe(`lab: Testing lab 3 would clobber what you have: namespace ${PREFIX}lab3. Remove or rename it, or use --force to set it aside for the test and put it back afterwards.\n`);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(await namespaces()).toEqual([`namespace/${PREFIX}lab3`]);
  } finally {
    await kubectl('delete', 'namespace', `${PREFIX}lab3`, '--wait=true', '--timeout=120s');
  }
});

test('lab selftest 3 --format junit: every case matches its expect.yaml on the real node, the empty cluster scores 0, and nothing is left behind', async () => {
  const { real } = await clusterNodes();
  // Pinned to the real node, where nothing can be pulled; on kwok nodes only, nothing would serve.
  const run = await runCli([...ARGS, ...(real.length ? [...PIN, '--offline'] : []), '--format', 'junit']);
  const cases = casesOf(join(LABS, '03-nginx-pod'));
  // Without a real node, the case that needs one is reported as not run, never as a pass.
  const skipped = real.length ? 0 : cases.filter((c) => c.expect?.requires === 'real-node').length;
  expect(run.stdout).toContain(`<testsuite name="3-nginx-pod" tests="${cases.length + 2}" failures="0" errors="0" skipped="${skipped}"`);
  expect(run.stdout).toMatch(/<testcase classname="selftest.3-nginx-pod" name="\(empty environment\)" time="[\d.]+"\/>/);
  expect(run.stdout).toMatch(/<testcase classname="selftest.3-nginx-pod" name="wrong\/default-namespace" time="[\d.]+"\/>/);
  expect(run.stdout).toMatch(/<testcase classname="selftest.3-nginx-pod" name="\(every check fails somewhere\)" time="[\d.]+"\/>/);
  expect([run.code, run.stderr]).toEqual([0, '']);
  expect(await namespaces()).toEqual([]);
  // About 2 minutes; each case's namespace is deleted before the next (stale events would mislead the
  // next case's hints), which waits behind whatever else the namespace controller is deleting.
}, 480_000);

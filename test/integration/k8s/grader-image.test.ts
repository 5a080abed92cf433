import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { LABS } from '../../labs/harness.js';
import { holdDockerLock } from '../docker-lock.js';
import { ensureImage, gradeInImage, runImage } from '../grader-image.js';
import { kubectl } from './kube.js';

/**
 * The grader's own image against the test cluster, on lab 4: its reference DaemonSet applied in a
 * namespace of this test's own, graded with the kubeconfig mounted. The API server listens on
 * 127.0.0.1 only (kind's does too), so the container shares the host's network. It starts containers,
 * so it holds the Docker lock (a Docker lab test removes strangers); npm test runs it after the
 * Docker tests' end (test/sequencer.cjs).
 */
const ns = `lg-image-${process.pid}`;
const work = mkdtempSync(join(tmpdir(), 'lab-image-kube-'));
const kubeconfig = join(work, 'config');
const mount = () => ['-v', `${kubeconfig}:/kube/config:ro`, '-e', 'KUBECONFIG=/kube/config'];

let release = () => {};

beforeAll(async () => {
  if (!process.env.KUBECONFIG) throw new Error('KUBECONFIG is not set: run these through scripts/cluster-test.sh');
  release = await holdDockerLock();
  await ensureImage();
  // Self-contained: certificates inline, not paths on the host that the container cannot see.
  const flat = await kubectl('config', 'view', '--raw', '--flatten', '--minify');
  writeFileSync(kubeconfig, flat.stdout);
  const objects = parseAllDocuments(readFileSync(join(LABS, '04-daemonset', 'solution', 'daemonset.yaml'), 'utf8'))
    .map((d) => d.toJS())
    .filter((o) => o.kind !== 'Namespace')
    .map((o) => ({ ...o, metadata: { ...o.metadata, namespace: ns } }));
  writeFileSync(join(work, 'solution.yaml'), objects.map((o) => stringify(o)).join('---\n'));
  expect((await kubectl('create', 'namespace', ns)).code).toBe(0);
  expect((await kubectl('apply', '-f', join(work, 'solution.yaml'))).code).toBe(0);
}, 45 * 60_000);

afterAll(async () => {
  await kubectl('delete', 'namespace', ns, '--ignore-not-found', '--wait=true', '--timeout=90s');
  rmSync(work, { recursive: true, force: true });
  release();
});

test('with the kubeconfig mounted and --network host, the reference DaemonSet passes every check', async () => {
  const { run, checks } = await gradeInImage(['--network', 'host', ...mount()], '4', ['--namespace', ns]);
  expect(checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status}`)).toEqual(['manifest-matches: skip']);
  expect(checks.find((c) => c.id === 'pods-on-every-node')?.status).toBe('pass');
  expect(run.code).toBe(0);
});

test('without --network host, 127.0.0.1 is the container itself: one line that says so, exit 2', async () => {
  const run = await runImage(mount(), ['check', '4', '--namespace', ns, '--lang', 'en']);
  expect(run.code).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toContain('unless docker run was given --network host');
});

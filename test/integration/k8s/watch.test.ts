import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeChange } from '../../../src/live/kube-feed.js';
import { ROOT } from '../../labs/harness.js';
import { LiveWatch } from '../docker/watch-live.js';
import { auditEvents, expectReadOnlySince } from './audit.js';
import { apiServer, kubeconfigWith, kubectl, tcpProxy, type TcpProxy } from './kube.js';

/**
 * `lab watch 3` on the test cluster, as the read-only grader, through a TCP proxy that can be
 * cut: a Pod applied after the first grade turns its checks green, a quiet watch asks the API
 * server nothing, and a cut connection is shown, then followed by a re-list that sees what
 * changed meanwhile. Namespaces: watch-lab3, watch-glob-a, watch-glob-b, watch-other.
 */
const NS = 'watch-lab3';
const work = mkdtempSync(join(tmpdir(), 'lab-watch-'));
let proxy: TcpProxy;
let kubeconfig: string;
let watch: LiveWatch | undefined;
const started = new Date(Date.now() - 1000).toISOString();

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: nginx-pod
  namespace: ${NS}
  labels: { app: nginx }
spec:
  nodeSelector: { lab-grader/real-node: "true" }
  containers:
  - name: nginx
    image: nginx:1.22
    ports:
    - containerPort: 80
`;

// Its own identity, bound to the grader's read-only ClusterRole in its namespace only (as a
// student's Role is: default may not be read), so the audit log tells its requests apart.
const USER = `system:serviceaccount:${NS}:watcher`;

beforeAll(async () => {
  const applied = await kubectl('apply', '-f', join(ROOT, 'manifests', 'grader-rbac.yaml'));
  if (applied.code !== 0) throw new Error(applied.stderr);
  for (const ns of [NS, 'watch-glob-a', 'watch-glob-b', 'watch-other']) {
    await kubectl('delete', 'namespace', ns, '--ignore-not-found', '--wait=true');
    await kubectl('create', 'namespace', ns);
  }
  await kubectl('-n', NS, 'create', 'serviceaccount', 'watcher');
  await kubectl('-n', NS, 'create', 'rolebinding', 'watcher', '--clusterrole', 'lab-grader-read', `--serviceaccount=${NS}:watcher`);
  const token = (await kubectl('create', 'token', 'watcher', '-n', NS, '--duration', '1h')).stdout.trim();
  proxy = await tcpProxy(await apiServer());
  kubeconfig = await kubeconfigWith(join(work, 'grader.kubeconfig'), { token }, proxy.url);
  writeFileSync(join(work, 'pod.yaml'), POD);
}, 120_000);

afterAll(async () => {
  if (watch && watch.child.exitCode === null) watch.child.kill('SIGKILL');
  await proxy?.cut().catch(() => undefined);
  for (const ns of [NS, 'watch-glob-a', 'watch-glob-b', 'watch-other']) await kubectl('delete', 'namespace', ns, '--ignore-not-found', '--wait=false');
  rmSync(work, { recursive: true, force: true });
});

test('a Pod applied while watching turns lab 3 from fail to pass, and a quiet watch asks the API server nothing', async () => {
  watch = new LiveWatch(['3', '-n', NS, '--kubeconfig', kubeconfig], {});
  await watch.waitFor(/Lab 3: Score 0\/8/);
  const before = watch.lines.length;
  const applied = await kubectl('apply', '-f', join(work, 'pod.yaml'));
  expect(applied.code).toBe(0);
  await watch.waitFor(/lab 3 pod-exists: fail → pass/, 20_000, before);
  await watch.waitFor(/lab 3 image-pinned: blocked → pass/, 20_000, before);
  await watch.waitFor(/Lab 3: Score 8\/8/, 90_000, before);

  // Quiet: no request at all reaches the API server (each WATCH stays open and is not logged until it ends).
  await new Promise((r) => setTimeout(r, 1500));
  const quietFrom = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 6000));
  expect(auditEvents(quietFrom, USER).map((e) => `${e.verb} ${e.requestURI}`)).toEqual([]);

  // A change to one object (its image) is seen as such.
  const from = watch.lines.length;
  expect((await kubectl('-n', NS, 'set', 'image', 'pod/nginx-pod', 'nginx=nginx:latest')).code).toBe(0);
  await watch.waitFor(/lab 3 image-pinned: pass → fail/, 20_000, from);
});

test('a cut connection to the API server is shown; once back, a re-list sees what changed meanwhile', async () => {
  const w = watch!;
  const before = w.lines.length;
  const port = Number(new URL(proxy.url).port);
  await proxy.cut();
  await w.waitFor(/The Kubernetes API server is not answering/, 20_000, before);
  // Meanwhile the Pod goes away: what was shown before must not stand once the cluster is back.
  expect((await kubectl('-n', NS, 'delete', 'pod', 'nginx-pod', '--wait=true', '--timeout=60s')).code).toBe(0);
  expect(w.child.exitCode).toBeNull();
  proxy = await tcpProxy(await apiServer(), port);
  const lost = await w.waitFor(/The Kubernetes API server is not answering/, 1, before);
  await w.waitFor(/The Kubernetes API server answers again/, 30_000, lost.index);
  // Graded again from the re-list (each kind's WATCH comes back on its own, so maybe before the line above).
  await w.waitFor(/lab 3 pod-exists: pass → fail/, 20_000, lost.index);
  expect(await w.interrupt()).toBe(1);
  expect(w.stderr).not.toMatch(/at .*\.js:\d+|unexpected error/);
  // Everything it asked in both tests was a read (list, watch, get of the pod's proxy).
  const events = await expectReadOnlySince(started, USER);
  expect(events.some((e) => e.verb === 'watch')).toBe(true);
});

test('watchKinds, the feed lab serve uses for a class: one WATCH per kind across namespaces, kept to a glob', async () => {
  // The built modules, as lab serve runs them (src's lazy import of the bundled client exists only in dist).
  const dist = join(ROOT, 'dist');
  const { translator } = (await import(join(dist, 'i18n', 'index.js'))) as typeof import('../../../src/i18n/index.js');
  const { watchKinds } = (await import(join(dist, 'live', 'kube-feed.js'))) as typeof import('../../../src/live/kube-feed.js');
  const { KubeTarget } = (await import(join(dist, 'targets', 'kubernetes.js'))) as typeof import('../../../src/targets/kubernetes.js');
  const kube = await KubeTarget.connect(translator('en'), { clusterWide: true });
  const changes: KubeChange[] = [];
  const feed = await watchKinds(kube, ['configmaps'], { glob: 'watch-glob-*' }, (c) => changes.push(c));
  try {
    expect(feed.requests).toEqual({ lists: 1, watches: 1 });
    for (const ns of ['watch-glob-a', 'watch-other', 'watch-glob-b']) {
      expect((await kubectl('-n', ns, 'create', 'configmap', 'page', '--from-literal=x=1')).code).toBe(0);
    }
    for (let i = 0; i < 100 && changes.filter((c) => c.object?.metadata?.name === 'page').length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    const seen = changes.filter((c) => c.object?.metadata?.name === 'page').map((c) => `${c.type} ${c.namespace}`);
    expect(seen).toEqual(['ADDED watch-glob-a', 'ADDED watch-glob-b']);
    // The target's cached LIST follows: a check asked again reads it without another request.
    expect((await kube.list('configmaps', 'watch-glob-b')).map((o) => o.metadata?.name)).toContain('page');
    expect(await kube.list('configmaps', 'watch-other')).toEqual([]);
    expect(feed.requests).toEqual({ lists: 1, watches: 1 });
  } finally {
    feed.stop();
  }
});

import { changeOf } from '../../src/live/docker-feed.js';
import { watchKinds, type FeedState, type KubeChange } from '../../src/live/kube-feed.js';
import { watchPath } from '../../src/live/kube-paths.js';
import { affectedChecks } from '../../src/live/reads.js';
import { changeLines, renderFrame, scoreLine, type LabView } from '../../src/live/view.js';
import { translator } from '../../src/i18n/index.js';
import type { CheckResult, LabResult } from '../../src/runner/result.js';
import type { KubeObject, ListedKind } from '../../src/targets/kubernetes.js';

const checks = [
  { id: 'exists', dependsOn: [] },
  { id: 'running', dependsOn: ['exists'] },
  { id: 'image', dependsOn: ['exists'] },
  { id: 'net', dependsOn: [] },
  { id: 'serves', dependsOn: ['running'] },
];

describe('affectedChecks', () => {
  const reads = new Map([
    ['exists', new Set(['container:a'])],
    ['running', new Set(['container:a'])],
    ['image', new Set(['container:a', 'image:sha256:1'])],
    ['net', new Set(['network:n'])],
    ['serves', new Set(['container:a'])],
  ]);

  test('a change concerns the checks that read it and the checks that depend on them', () => {
    expect([...affectedChecks(checks, reads, ['image:sha256:1'])].sort()).toEqual(['image']);
    expect([...affectedChecks(checks, reads, ['network:n'])]).toEqual(['net']);
    expect([...affectedChecks(checks, new Map([...reads, ['exists', new Set(['containers'])]]), ['containers'])].sort()).toEqual(['exists', 'image', 'running', 'serves']);
  });

  test('a key ending in * is a prefix; * alone is everything', () => {
    const k = new Map([['exists', new Set(['k8s:pods/lab3'])], ['net', new Set(['k8s:nodes/'])]]);
    expect([...affectedChecks(checks.slice(0, 1).concat(checks[3]), k, ['k8s:pods/*'])]).toEqual(['exists']);
    expect(affectedChecks(checks, reads, ['*']).size).toBe(5);
  });

  test('a check whose reads are unknown (never ran, or read nothing) is asked on any change', () => {
    const partial = new Map([['exists', new Set(['container:a'])], ['net', new Set<string>()]]);
    expect([...affectedChecks(checks, partial, ['container:zzz'])].sort()).toEqual(['image', 'net', 'running', 'serves']);
  });
});

describe('changeOf (Docker events)', () => {
  test('a container event names the container by name and ID, and the list of all', () => {
    expect(changeOf({ Type: 'container', Action: 'start', Actor: { ID: 'abc', Attributes: { name: 'mimysql' } } })).toEqual({
      type: 'container', action: 'start', name: 'mimysql', keys: ['containers', 'container-id:abc', 'container:mimysql'],
    });
    const renamed = changeOf({ Type: 'container', Action: 'rename', Actor: { ID: 'abc', Attributes: { name: 'new', oldName: '/old' } } });
    expect(renamed?.keys).toEqual(['containers', 'container-id:abc', 'container:new', 'container:old']);
    expect(changeOf({ Type: 'container', Action: 'health_status: healthy', Actor: { ID: 'abc', Attributes: { name: 'x' } } })?.action).toBe('health_status');
  });

  test("the grader's own reads (top, archive-path, exec) wake nothing, nor announcements of a die (kill, stop)", () => {
    for (const Action of ['top', 'archive-path', 'exec_create: ps', 'exec_start: ps', 'attach', 'resize', 'kill', 'stop']) {
      expect(changeOf({ Type: 'container', Action, Actor: { ID: 'abc', Attributes: { name: 'x' } } })).toBeUndefined();
    }
  });

  test('network and volume events reach the container they name by ID', () => {
    expect(changeOf({ Type: 'network', Action: 'connect', Actor: { ID: 'n1', Attributes: { name: 'mired', container: 'abc' } } })?.keys).toEqual(['networks', 'network:mired', 'container-id:abc']);
    expect(changeOf({ Type: 'volume', Action: 'mount', Actor: { ID: 'v1', Attributes: { container: 'abc' } } })?.keys).toEqual(['container-id:abc']);
    expect(changeOf({ Type: 'plugin', Action: 'enable' })).toBeUndefined();
  });
});

test('watchPath: core, apps and discovery kinds, namespaced or across namespaces', () => {
  expect(watchPath('pods', 'lab3')).toBe('/api/v1/namespaces/lab3/pods');
  expect(watchPath('daemonsets')).toBe('/apis/apps/v1/daemonsets');
  expect(watchPath('endpointslices', 'a')).toBe('/apis/discovery.k8s.io/v1/namespaces/a/endpointslices');
  expect(watchPath('nodes', 'ignored')).toBe('/api/v1/nodes');
});

/** A target whose WATCHes are driven by the test: the feed's 410 and reconnection logic, without a cluster. */
function fakeKube() {
  const lists: { kind: ListedKind; namespace?: string }[] = [];
  const primed: { kind: ListedKind; names: string[] }[] = [];
  const watches: { path: string; rv: string; event: (type: string, o: KubeObject & { code?: number }) => void; done: (err: unknown) => void }[] = [];
  let version = 10;
  let objects: KubeObject[] = [{ metadata: { name: 'a', namespace: 'x', uid: '1', resourceVersion: '10' } }];
  let down = false;
  const kube = {
    async listVersioned(kind: ListedKind, namespace?: string) {
      lists.push({ kind, namespace });
      if (down) throw new Error('ECONNREFUSED');
      return { items: objects, resourceVersion: String(version) };
    },
    prime(kind: ListedKind, _ns: string | undefined, items: KubeObject[]) {
      primed.push({ kind, names: items.map((o) => o.metadata!.name!) });
    },
    async watch(path: string, query: Record<string, string | boolean>, event: (type: string, o: KubeObject & { code?: number }) => void, done: (err: unknown) => void) {
      watches.push({ path, rv: String(query.resourceVersion), event, done });
      return new AbortController();
    },
  };
  return { kube, lists, primed, watches, set: (o: KubeObject[], v: number) => { objects = o; version = v; }, down: (d: boolean) => { down = d; } };
}

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('watchKinds (a driven fake target)', () => {
  test('starts from the LIST resourceVersion; events go to onChange and into the cached LIST; bookmarks move the version', async () => {
    const f = fakeKube();
    const changes: KubeChange[] = [];
    const feed = await watchKinds(f.kube, ['pods'], { namespaces: ['x'] }, (c) => changes.push(c));
    expect(f.watches).toHaveLength(1);
    expect(f.watches[0]).toMatchObject({ path: '/api/v1/namespaces/x/pods', rv: '10' });
    f.watches[0].event('ADDED', { metadata: { name: 'b', namespace: 'x', uid: '2', resourceVersion: '11' } });
    f.watches[0].event('BOOKMARK', { metadata: { resourceVersion: '15' } });
    await tick();
    expect(changes.map((c) => `${c.type} ${c.object?.metadata?.name}`)).toEqual(['ADDED b']);
    expect(f.primed.at(-1)).toEqual({ kind: 'pods', names: ['a', 'b'] });
    expect(feed.objects('pods').map((o) => o.metadata?.name)).toEqual(['a', 'b']);
    // The server ends a WATCH after a while: it goes on from the last version, without a LIST.
    await new Promise((r) => setTimeout(r, 1100));
    f.watches[0].done(null);
    expect(f.watches).toHaveLength(2);
    expect(f.watches[1].rv).toBe('15');
    expect(f.lists).toHaveLength(1);
    feed.stop();
  });

  test('410 Gone re-lists and says RESYNC; what was deleted meanwhile is gone from the cache', async () => {
    const f = fakeKube();
    const changes: KubeChange[] = [];
    const feed = await watchKinds(f.kube, ['pods'], { namespaces: ['x'] }, (c) => changes.push(c));
    f.set([], 50);
    f.watches[0].event('ERROR', { kind: 'Status', code: 410 } as KubeObject & { code: number });
    f.watches[0].done(null);
    await tick();
    expect(f.lists).toHaveLength(2);
    expect(changes.map((c) => c.type)).toEqual(['RESYNC']);
    expect(f.primed.at(-1)).toEqual({ kind: 'pods', names: [] });
    expect(f.watches.at(-1)!.rv).toBe('50');
    feed.stop();
  });

  test('a dropped connection is reported lost, retried with backoff until the LIST answers, then watching again with a RESYNC', async () => {
    const f = fakeKube();
    const states: FeedState[] = [];
    const changes: KubeChange[] = [];
    const feed = await watchKinds(f.kube, ['pods'], { namespaces: ['x'], backoff: { firstMs: 10, maxMs: 20 }, onState: (s) => states.push(s) }, (c) => changes.push(c));
    f.down(true);
    f.watches[0].done(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    expect(states).toEqual([{ kind: 'pods', namespace: 'x', state: 'lost', reason: 'ECONNRESET' }]);
    await tick(60);
    const failedLists = f.lists.length;
    expect(failedLists).toBeGreaterThan(2);
    f.down(false);
    await tick(60);
    expect(states.at(-1)).toEqual({ kind: 'pods', namespace: 'x', state: 'watching' });
    expect(changes.map((c) => c.type)).toEqual(['RESYNC']);
    expect(f.watches).toHaveLength(2);
    feed.stop();
    await tick(60);
    expect(f.lists.length).toBe(failedLists + 1);
  });

  test('a glob keeps a class: one WATCH per kind across namespaces, other namespaces ignored', async () => {
    const f = fakeKube();
    f.set([{ metadata: { name: 'p', namespace: 'alumno-1', uid: 'u1' } }, { metadata: { name: 'q', namespace: 'other', uid: 'u2' } }], 7);
    const changes: KubeChange[] = [];
    const feed = await watchKinds(f.kube, ['pods', 'nodes'], { glob: 'alumno-*' }, (c) => changes.push(c));
    expect(f.watches.map((w) => w.path).sort()).toEqual(['/api/v1/nodes', '/api/v1/pods']);
    const pods = f.watches.find((w) => w.path === '/api/v1/pods')!;
    pods.event('ADDED', { metadata: { name: 'r', namespace: 'other', uid: 'u3' } });
    pods.event('MODIFIED', { metadata: { name: 'p', namespace: 'alumno-1', uid: 'u1' } });
    expect(changes.map((c) => `${c.type} ${c.namespace}/${c.object?.metadata?.name}`)).toEqual(['MODIFIED alumno-1/p']);
    expect(feed.objects('pods').map((o) => o.metadata?.name)).toEqual(['p']);
    feed.stop();
  });
});

describe('the watch view', () => {
  const t = translator('en');
  const check = (id: string, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult => ({ id, title: `title of ${id}`, status, points: 1, durationMs: 1, ...extra });
  const lab = (checksOf: CheckResult[], score: number): LabResult => ({ id: '3', slug: 'nginx-pod', title: 'A Pod', status: 'fail', score, maxScore: checksOf.length, ungradedPoints: 0, incomplete: false, durationMs: 5, checks: checksOf });
  const at = new Date(2026, 0, 1, 12, 0, 5);

  test('a check waiting for a rollout is settling, not failed, in the checklist and the score line', () => {
    const view: LabView = { result: lab([check('pod-exists', 'pass'), check('pod-ready', 'fail', { message: 'Pod is Pending', hint: 'wait\nmore' })], 1), settling: new Set(['pod-ready']) };
    const lines = renderFrame({ labs: [view], updated: at }, t, false, 80);
    expect(lines).toContain('  ✔ pod-exists  title of pod-exists');
    expect(lines).toContain('  ⧗ pod-ready   title of pod-ready (settling)');
    expect(lines).toContain('      hint: wait');
    expect(lines).toContain('Score 1/2 · 1 waiting for a server or a rollout · graded at 12:00:05');
    expect(lines.every((l) => l.length <= 80)).toBe(true);
  });

  test('a lost target heads the frame; lines never pass the width', () => {
    const view: LabView = { result: lab([check('a-very-long-check-id', 'fail', { message: 'x'.repeat(200) })], 0), settling: new Set() };
    const lines = renderFrame({ labs: [view], lost: { target: 'The Docker engine', reason: 'ENOENT', since: at }, updated: at }, t, false, 40);
    expect(lines[0]).toMatch(/^The Docker engine is not answering/);
    expect(lines.every((l) => l.length <= 40)).toBe(true);
  });

  test('line mode says what changed, from what to what, and the score', () => {
    const before: LabView = { result: lab([check('pod-exists', 'fail', { message: 'no pod' }), check('pod-ready', 'skip', { skipReason: 'blocked' })], 0), settling: new Set() };
    const after: LabView = { result: lab([check('pod-exists', 'pass'), check('pod-ready', 'fail', { message: 'Pending' })], 1), settling: new Set(['pod-ready']) };
    expect(changeLines(before, after, t, at)).toEqual([
      '12:00:05 lab 3 pod-exists: fail → pass',
      '12:00:05 lab 3 pod-ready: blocked → settling: Pending',
      '12:00:05 Lab 3: Score 1/2 · 1 waiting for a server or a rollout · graded at 12:00:05',
    ]);
    expect(changeLines(after, after, t, at)).toEqual([]);
    expect(scoreLine([after], translator('es'), at)).toBe('Puntuación 1/2 · 1 esperando al servidor o al despliegue · corregido a las 12:00:05');
  });
});

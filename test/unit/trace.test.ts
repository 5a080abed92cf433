import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { audit, type ReportEntry } from '../../src/report/audit.js';
import { examWindow, makeToken, parseDuration, readToken, verifyToken } from '../../src/report/exam.js';
import { parseKey, verifyReport } from '../../src/report/sign.js';
import { Tracer, type Trace } from '../../src/report/trace.js';

const FIXTURES = join(process.cwd(), 'test/unit/fixtures/trace');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** Every leaf under `value`, as a path and its value. */
function leaves(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; value: unknown }[] {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, Array.isArray(value) ? Number(k) : k]));
  return [{ path, value }];
}

describe.each([
  ['docker-report.json', 'docker.pub'],
  ['k8s-report.json', 'k8s.pub'],
])('a real signed report (%s): every traced field is signed', (report, pub) => {
  const text = fixture(report);
  const key = parseKey(Buffer.from(fixture(pub)));

  test('as it was made, its signature holds', () => {
    expect(verifyReport(Buffer.from(text), key)).toMatchObject({ valid: true });
    expect(Object.keys((JSON.parse(text) as { trace: Trace }).trace).sort()).toEqual(expect.arrayContaining(['gradedAt', 'objects', 'nonce', 'exam']));
  });

  const fields = leaves((JSON.parse(text) as { trace: unknown }).trace, ['trace']);
  test.each(fields.map((f) => [f.path.join('.'), f] as const))('changing %s breaks it', (_, field) => {
    const changed = JSON.parse(text) as Record<string, unknown>;
    let at = changed as Record<string | number, unknown>;
    for (const step of field.path.slice(0, -1)) at = at[step] as Record<string | number, unknown>;
    const last = field.path.at(-1)!;
    at[last] = typeof field.value === 'boolean' ? !field.value : typeof field.value === 'number' ? field.value + 1 : `${String(field.value)}x`;
    expect(verifyReport(Buffer.from(JSON.stringify(changed, null, 2)), key)).toMatchObject({ valid: false, reason: 'changed' });
  });

  test('removing the trace, an object, or adding a field breaks it', () => {
    const variants: ((r: { trace?: Partial<Trace> & Record<string, unknown> }) => void)[] = [
      (r) => { delete r.trace; },
      (r) => { r.trace!.objects = r.trace!.objects!.slice(1); },
      (r) => { delete r.trace!.nonce; },
      (r) => { r.trace!.extra = 1; },
    ];
    for (const change of variants) {
      const r = JSON.parse(text) as { trace?: Partial<Trace> & Record<string, unknown> };
      change(r);
      expect(verifyReport(Buffer.from(JSON.stringify(r)), key)).toMatchObject({ valid: false, reason: 'changed' });
    }
  });
});

describe('exam tokens', () => {
  const key = parseKey(Buffer.from('a-course-secret-of-32-characters'));
  const window = examWindow(new Date('2026-03-02T09:00:00Z'), 90 * 60, 'aula-3b');

  test('durations as an instructor writes them', () => {
    expect(['90m', '1h30m', '2h', '45s', '90', '1h0m30s'].map(parseDuration)).toEqual([5400, 5400, 7200, 45, 5400, 3630]);
    expect(['', 'h', '0m', 'ninety', '-5m', '1.5h'].map(parseDuration)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  test('a token says its window and holds its signature; a changed one, another key\'s or garbage does not', () => {
    const token = makeToken(window, key);
    expect(readToken(token)?.window).toEqual({ v: 1, start: '2026-03-02T09:00:00.000Z', end: '2026-03-02T10:30:00.000Z', durationSeconds: 5400, nonce: 'aula-3b' });
    expect(verifyToken(token, key)).toBe('valid');
    const [, sig] = token.split('.');
    const longer = Buffer.from(JSON.stringify({ ...window, end: '2026-03-02T23:00:00.000Z' })).toString('base64url');
    expect(verifyToken(`${longer}.${sig}`, key)).toBe('changed');
    expect(verifyToken(token, parseKey(Buffer.from('another-secret-of-32-characters!')))).toBe('other-key');
    expect(verifyToken('not.a-token', key)).toBe('malformed');
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(verifyToken(makeToken(window, parseKey(Buffer.from(ed))), parseKey(Buffer.from(ed)))).toBe('valid');
  });
});

describe('auditing a class', () => {
  const key = parseKey(Buffer.from('a-course-secret-of-32-characters'));
  const token = makeToken(examWindow(new Date('2026-03-02T09:00:00Z'), 3600, 'n1'), key);
  const valid = { valid: true, alg: 'HMAC-SHA256', keyId: 'k' } as const;
  const trace = (over: Partial<Trace>): Trace => ({ gradedAt: '2026-03-02T09:30:00.000Z', objects: [], ...over });
  const engine = (identity: string) => ({ identity, endpoint: 'unix:///var/run/docker.sock' });
  const entry = (file: string, t?: Trace, verdict: ReportEntry['verdict'] = valid): ReportEntry => ({ file, verdict, ...(t ? { trace: t } : {}) });
  const opts = { verifyToken: (tk: string) => verifyToken(tk, key) };

  test('the report\'s own token: its start is the class\'s, its nonce the expected one, its window the exam\'s', () => {
    const { reports } = audit([
      entry('r/ana.json', trace({ engine: engine('A'), nonce: 'n1', exam: { token, start: '', end: '', inside: true }, objects: [{ kind: 'container', name: 'mimysql', created: '2026-03-02T09:10:00.000Z' }] })),
      entry('r/bea.json', trace({ engine: engine('B'), nonce: 'n2', exam: { token, start: '', end: '', inside: true }, objects: [{ kind: 'container', name: 'mimysql', created: '2026-03-01T18:00:00.000Z' }] })),
      entry('r/carlos.json', trace({ engine: engine('C'), gradedAt: '2026-03-02T11:00:00.000Z', exam: { token, start: '', end: '', inside: true } })),
      entry('r/dani.json', trace({ engine: engine('D'), exam: { token: `${token.split('.')[0]}.e30`, start: '', end: '', inside: true } })),
      entry('r/eva.json'),
      entry('r/fran.json', trace({ engine: engine('A') }), { valid: false, reason: 'changed' }),
    ], opts);
    expect(Object.fromEntries(reports.map((r) => [r.studentId, r.findings.map((f) => f.kind)]))).toEqual({
      ana: ['shared'],
      bea: ['before-start', 'nonce-wrong'],
      carlos: ['exam-outside', 'nonce-missing'],
      dani: ['exam-token'],
      eva: ['no-trace'],
      fran: ['signature', 'shared'],
    });
  });

  test('with a roster: by file or folder name, else by namespace; a classmate\'s namespace, a shared one and the missing are said', () => {
    const roster = [{ student: 'ana', namespace: 'alumno-ana' }, { student: 'bea', namespace: 'alumno-bea' }, { student: 'carlos', namespace: 'alumno-carlos' }, { student: 'dani', namespace: 'alumno-dani' }];
    const cluster = (ns: string) => ({ identity: `uid/${ns}`, kubeSystemUid: 'uid', server: 'https://x', context: 'c', namespaces: [ns] });
    const { reports, missing } = audit([
      entry('in/alumno-ana/report.json', trace({ cluster: cluster('alumno-ana') })),
      entry('in/bea.json', trace({ cluster: cluster('alumno-ana') })),
      entry('in/whoever.json', trace({ cluster: cluster('alumno-carlos') })),
      entry('in/nobody.json', trace({ cluster: cluster('elsewhere') })),
    ], { ...opts, roster, nonce: undefined });
    expect(reports.map((r) => [r.studentId, r.findings.map((f) => (f.kind === 'shared' ? `shared with ${f.others.join()}` : f.kind))])).toEqual([
      ['ana', ['shared with bea']],
      ['bea', ['foreign-namespace', 'shared with ana']],
      ['carlos', []],
      ['?', ['unknown-student']],
    ]);
    expect(missing).toEqual([{ student: 'dani', namespace: 'alumno-dani' }]);
  });

  test('--nonce and --since from the command line', () => {
    const { reports } = audit([entry('ana.json', trace({ nonce: 'n1', objects: [{ kind: 'pods', namespace: 'x', name: 'p', created: '2026-03-02T08:00:00.000Z' }] }))], { ...opts, nonce: 'n9', since: new Date('2026-03-02T09:00:00Z') });
    expect(reports[0].findings).toEqual([
      { kind: 'before-start', since: '2026-03-02T09:00:00.000Z', count: 1, first: 'pods x/p', created: '2026-03-02T08:00:00.000Z' },
      { kind: 'nonce-wrong', nonce: 'n1' },
    ]);
  });
});

test('the tracer records what checks read, through the targets, with no request of its own per object', async () => {
  const calls: string[] = [];
  const docker = {
    endpoint: { host: 'unix:///x.sock' },
    docker: { info: async () => (calls.push('info'), { ID: 'ENGINE', Name: 'pc-ana' }) },
    isPodman: async () => false,
    inspect: async (name: string) => (calls.push(`inspect ${name}`), name === 'web' ? { Name: '/web', Id: 'c1', Created: '2026-03-02T09:05:00.123456789Z' } : undefined),
  };
  const kube = {
    context: 'ctx',
    config: { getCurrentCluster: () => ({ server: 'https://10.0.0.1:6443' }) },
    kubeSystemUid: async () => (calls.push('kube-system'), 'UID'),
    list: async (kind: string, ns: string) => (calls.push(`list ${kind} ${ns}`), kind === 'nodes' || kind === 'events' ? [{ metadata: { name: 'n', creationTimestamp: new Date(0) } }] : [{ metadata: { name: 'ds', namespace: ns, uid: 'u1', creationTimestamp: new Date('2026-03-02T09:06:00Z') } }]),
  };
  const tracer = new Tracer();
  const targets = tracer.wrap({ docker: async () => docker as never, kube: async () => kube as never });
  const d = await targets.docker();
  await d.inspect('web');
  await d.inspect('web');
  await d.inspect('db');
  const k = await targets.kube();
  for (const kind of ['daemonsets', 'nodes', 'events'] as const) await k.list(kind, 'lab4');
  const t = await tracer.trace({ nonce: 'n1' }, new Date('2026-03-02T09:30:00Z'));
  expect(t).toEqual({
    gradedAt: '2026-03-02T09:30:00.000Z',
    engine: { identity: 'ENGINE', id: 'ENGINE', name: 'pc-ana', endpoint: 'unix:///x.sock' },
    cluster: { identity: 'UID/lab4', kubeSystemUid: 'UID', server: 'https://10.0.0.1:6443', context: 'ctx', namespaces: ['lab4'] },
    objects: [
      { kind: 'container', name: 'web', uid: 'c1', created: '2026-03-02T09:05:00.123Z' },
      { kind: 'daemonsets', namespace: 'lab4', name: 'ds', uid: 'u1', created: '2026-03-02T09:06:00.000Z' },
    ],
    nonce: 'n1',
  });
  expect(calls).toEqual(['inspect web', 'inspect web', 'inspect db', 'list daemonsets lab4', 'list nodes lab4', 'list events lab4', 'info', 'kube-system']);
});

test('Podman makes up a new /info ID on every call: the host\'s own traits stand in for it, the same on every run', async () => {
  let n = 0;
  const podman = {
    endpoint: { host: 'unix:///run/podman/podman.sock' },
    docker: { info: async () => ({ ID: `random-${n++}`, Name: 'pc-ana', KernelVersion: '6.1.0', MemTotal: 8e9, NCPU: 4, DockerRootDir: '/var/lib/containers/storage' }) },
    isPodman: async () => true,
  };
  const engineOf = async () => {
    const tracer = new Tracer();
    await tracer.wrap({ docker: async () => podman as never, kube: async () => { throw new Error('no cluster'); } }).docker();
    return (await tracer.trace()).engine;
  };
  const [a, b] = [await engineOf(), await engineOf()];
  expect(a).toEqual({ identity: expect.stringMatching(/^podman-host:[0-9a-f]{32}$/), name: 'pc-ana', endpoint: 'unix:///run/podman/podman.sock', podman: true });
  expect(b).toEqual(a);
});

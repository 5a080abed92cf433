import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { LABS, ROOT, runCli } from '../../labs/harness.js';
import { daemonsetFor, kubeconfigWith, kubectl } from './kube.js';

/**
 * `lab grade 4 --namespaces 'alumno-*'` and `--roster` on the test cluster, as the read-only
 * grader of manifests/grader-rbac.yaml; the API server's audit log counts its requests.
 */
const work = mkdtempSync(join(tmpdir(), 'lab-class-'));
const auditLog = /audit-log: (\S+)/.exec(execFileSync('bash', [join(ROOT, 'scripts/cluster.sh'), 'status'], { encoding: 'utf8' }))![1];
const GRADER = 'system:serviceaccount:lab-grader:grader';
let kubeconfig: string;
const made: string[] = [];


async function apply(namespaces: string[], change?: (ds: any) => void) {
  const file = join(work, `${namespaces[0]}.yaml`);
  writeFileSync(file, namespaces.map((ns) => daemonsetFor(ns, change)).join('---\n'));
  const applied = await kubectl('apply', '-f', file);
  expect(applied.stderr).toBe('');
  made.push(...namespaces);
}

async function gradeClass(args: string[]) {
  const run = await runCli(['grade', '--kubeconfig', kubeconfig, '--lang', 'en', ...args]);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return run;
}

interface AuditEvent { verb: string; user: { username: string }; objectRef?: { resource?: string; subresource?: string; namespace?: string }; stage: string; requestReceivedTimestamp: string }
async function graderRequests(since: number, until: number) {
  await new Promise((r) => setTimeout(r, 1500)); // the audit backend writes asynchronously
  return readFileSync(auditLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditEvent)
    .filter((e) => e.user.username === GRADER && e.stage === 'ResponseComplete' && Date.parse(e.requestReceivedTimestamp) >= since && Date.parse(e.requestReceivedTimestamp) <= until);
}

beforeAll(async () => {
  expect((await kubectl('apply', '-f', join(ROOT, 'manifests/grader-rbac.yaml'))).code).toBe(0);
  const token = (await kubectl('create', 'token', 'grader', '-n', 'lab-grader')).stdout.trim();
  kubeconfig = await kubeconfigWith(join(work, 'grader.kubeconfig'), { token });
});

afterAll(async () => {
  for (let i = 0; i < made.length; i += 25) await kubectl('delete', 'namespace', ...made.slice(i, i + 25), '--ignore-not-found', '--wait=true', '--timeout=120s');
  rmSync(work, { recursive: true, force: true });
});

test('every student of the glob gets a row per lab, graded in their own namespace', async () => {
  await apply(['alumno-ana']);
  await apply(['alumno-bea'], (ds) => { ds.spec.template.spec.containers[0].image = 'nginx:latest'; });
  await kubectl('create', 'namespace', 'alumno-carlos');
  made.push('alumno-carlos');
  // A snapshot grades what is there now, so let Ana's Pods settle first.
  expect((await kubectl('rollout', 'status', 'daemonset/nginx-ds', '-n', 'alumno-ana', '--timeout=120s')).code).toBe(0);

  const run = await gradeClass(['4', '--namespaces', 'alumno-*', '--format', 'json']);
  expect(run.code).toBe(0);
  const book = JSON.parse(run.stdout).gradebook as { student: string; status: string; score: number; maxScore: number; checks: { id: string; status: string; skipReason?: string }[] }[];
  expect(book.map((r) => r.student)).toEqual(['alumno-ana', 'alumno-bea', 'alumno-carlos']);
  const statusOf = (student: string, check: string) => book.find((r) => r.student === student)!.checks.find((c) => c.id === check);
  expect(book[0].status).toBe('pass');
  expect(book[0].score).toBe(book[0].maxScore);
  expect(statusOf('alumno-bea', 'image-pinned')?.status).toBe('fail');
  expect(statusOf('alumno-bea', 'daemonset-exists')?.status).toBe('pass');
  expect(statusOf('alumno-carlos', 'daemonset-exists')?.status).toBe('fail');
  expect(statusOf('alumno-carlos', 'image-pinned')).toMatchObject({ status: 'skip', skipReason: 'blocked' });
  expect(book[2].score).toBeLessThan(book[1].score);

  // The CSV gradebook: one row per student and lab, a column per check.
  const csv = await gradeClass(['4', '--namespaces', 'alumno-*', '--output', join(work, 'book.csv')]);
  expect(csv.code).toBe(0);
  const lines = readFileSync(join(work, 'book.csv'), 'utf8').trim().split('\n');
  expect(lines[0]).toMatch(/^student,namespace,context,lab,status,score,max_score,ungraded_points,incomplete,daemonset-exists,/);
  expect(lines.slice(1).map((l) => l.split(',').slice(0, 5).join(','))).toEqual(['alumno-ana,alumno-ana,,4,pass', 'alumno-bea,alumno-bea,,4,fail', 'alumno-carlos,alumno-carlos,,4,fail']);

  // --min-score fails the run when a student is below it.
  expect((await gradeClass(['4', '--namespaces', 'alumno-*', '--min-score', String(book[1].score)])).code).toBe(1);
  expect((await gradeClass(['4', '--namespaces', 'alumno-ana', '--min-score', String(book[0].score)])).code).toBe(0);
});

test('a roster names students; an unknown context grades that student as incomplete, not failed, says why and exits 2', async () => {
  const roster = join(work, 'roster.csv');
  writeFileSync(roster, 'student,namespace,context\nAna López,alumno-ana,\n=cmd(),alumno-bea,\nDani,alumno-dani,no-such-context\n');
  const run = await gradeClass(['4', '--roster', roster]);
  expect(run.code).toBe(2);
  expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^lab: students of context no-such-context were not graded: .*no-such-context/)]);
  const rows = run.stdout.trim().split('\n');
  expect(rows[1]).toMatch(/^Ana López,alumno-ana,,4,pass,/);
  // A student's name never runs as a spreadsheet formula.
  expect(rows[2]).toMatch(/^'=cmd\(\),alumno-bea,,4,fail,/);
  expect(rows[3]).toMatch(/^Dani,alumno-dani,no-such-context,4,error,0,0,\d+,true,error,/);
});

test('grading 50 students costs the same API requests as grading 1', async () => {
  // kwok nodes only, so fifty DaemonSets start no real containers.
  const kwokOnly = (ds: any) => { ds.spec.template.spec.nodeSelector = { type: 'kwok' }; };
  const fifty = Array.from({ length: 50 }, (_, i) => `alumna-${String(i + 1).padStart(2, '0')}`);
  await apply(fifty, kwokOnly);

  const requests = async (glob: string) => {
    // Exactly this run's window (same clock as the API server's), so no other run's requests count.
    const since = Date.now();
    const run = await gradeClass(['4', '--namespaces', glob, '--format', 'json']);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout).gradebook as { student: string }[];
    return { rows, events: await graderRequests(since, Date.now()) };
  };
  const one = await requests('alumna-01');
  const all = await requests('alumna-*');
  expect(one.rows).toHaveLength(1);
  expect(all.rows).toHaveLength(50);
  expect([...new Set(all.events.map((e) => e.verb))].filter((v) => v !== 'list' && v !== 'get')).toEqual([]);
  expect(all.events.length).toBe(one.events.length);
  // One LIST per kind, across all namespaces, however many students.
  const lists = all.events.filter((e) => e.verb === 'list' && !e.objectRef?.namespace).map((e) => e.objectRef?.resource);
  expect(lists.length).toBe(new Set(lists).size);
});

test('not-in-default judges each student on their own namespace, never on what someone left in default', async () => {
  // Somebody's DaemonSet in default: lab 4's known mistake wrong/default-namespace.
  const inDefault = join(LABS, '04-daemonset/wrong/default-namespace/daemonset.yaml');
  expect((await kubectl('apply', '-f', inDefault)).code).toBe(0);
  try {
    await apply(['alumno-dora']);
    await kubectl('create', 'namespace', 'alumno-emil');
    made.push('alumno-emil');
    expect((await kubectl('rollout', 'status', 'daemonset/nginx-ds', '-n', 'alumno-dora', '--timeout=120s')).code).toBe(0);

    const run = await gradeClass(['4', '--namespaces', 'alumno-dora', '--namespaces', 'alumno-emil', '--format', 'json']);
    expect(run.code).toBe(0);
    const book = JSON.parse(run.stdout).gradebook as { student: string; score: number; maxScore: number; checks: { id: string; status: string; message?: string }[] }[];
    const check = (student: string) => book.find((r) => r.student === student)!.checks.find((c) => c.id === 'not-in-default')!;
    // Dora's DaemonSet is in her namespace: the one in default is not hers and costs her nothing.
    expect(check('alumno-dora').status).toBe('pass');
    expect(book.find((r) => r.student === 'alumno-dora')!.score).toBe(book.find((r) => r.student === 'alumno-dora')!.maxScore);
    // Emil has nothing: no free point, and the one in default is not taken for his.
    expect(check('alumno-emil')).toMatchObject({ status: 'fail', message: 'There is no daemonset nginx-ds in namespace alumno-emil yet, so it is not in a namespace of its own.' });
    const emil = book.find((r) => r.student === 'alumno-emil')!;
    expect(emil.score).toBe(0);
    expect(emil.checks.map((c) => c.message ?? '').join('\n')).not.toContain('in namespace default');
  } finally {
    await kubectl('delete', '-f', inDefault, '--ignore-not-found', '--wait=true', '--timeout=60s');
  }
});

/**
 * A lab's reference solution moved into a student's namespace, its Pods kept on kwok nodes (so a
 * class of them starts no real containers). Every file of solution/, in order.
 */
function solutionIn(folder: string, namespace: string): string {
  const dir = join(LABS, folder, 'solution');
  const docs = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'apply.yaml')
    .sort()
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as Record<string, any> | null))
    .filter((d): d is Record<string, any> => !!d && d.kind !== 'Namespace');
  for (const d of docs) {
    d.metadata = { ...d.metadata, namespace };
    const spec = d.kind === 'Pod' ? d.spec : d.spec?.template?.spec;
    if (spec) spec.nodeSelector = { ...spec.nodeSelector, type: 'kwok' };
  }
  return [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, ...docs].map((d) => stringify(d)).join('---\n');
}

// Labs 8-10 read more kinds (Services, EndpointSlices, StatefulSets, claims, ConfigMaps) and ask
// each student's web or init container (proxies, logs): the LISTs stay one per kind for the whole
// class, and what is asked of each student's Pods grows with the students, never more than that.
describe.each([['08-deployment', '8'], ['09-statefulset', '9'], ['10-configmap', '10']])('lab %s for a class', (folder, id) => {
  test('grading 20 students costs the same LISTs as grading 1, and per student only the asks of their own Pods', async () => {
    const slug = folder.split('-')[1].slice(0, 4);
    const students = Array.from({ length: 20 }, (_, i) => `clase-${slug}-${String(i + 1).padStart(2, '0')}`);
    const file = join(work, `${slug}.yaml`);
    writeFileSync(file, students.map((ns) => solutionIn(folder, ns)).join('---\n'));
    const applied = await kubectl('apply', '-f', file);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    made.push(...students);

    const requests = async (glob: string) => {
      const since = Date.now();
      const run = await gradeClass([id, '--namespaces', glob, '--format', 'json', '--timeout', '5']);
      expect(run.code).not.toBe(2);
      const rows = JSON.parse(run.stdout).gradebook as { student: string }[];
      const events = await graderRequests(since, Date.now());
      const asked = events.filter((e) => e.objectRef?.subresource);
      return { rows, events, asked, lists: events.filter((e) => !e.objectRef?.subresource) };
    };
    const one = await requests(students[0]);
    const all = await requests(`clase-${slug}-*`);
    expect(one.rows).toHaveLength(1);
    expect(all.rows).toHaveLength(20);
    expect([...new Set(all.events.map((e) => e.verb))].filter((v) => v !== 'list' && v !== 'get')).toEqual([]);
    // Reads of objects: the same for 20 students as for 1, one LIST per kind across all namespaces.
    expect(all.lists.length).toBe(one.lists.length);
    const lists = all.lists.filter((e) => e.verb === 'list' && !e.objectRef?.namespace).map((e) => e.objectRef?.resource);
    expect(lists.length).toBe(new Set(lists).size);
    // Asks of a student's own Pods (proxy, logs) are in that student's namespace, at most as many as for one.
    const perStudent = new Map<string, number>();
    for (const e of all.asked) perStudent.set(e.objectRef!.namespace!, (perStudent.get(e.objectRef!.namespace!) ?? 0) + 1);
    for (const [ns, n] of perStudent) expect([ns, n <= Math.max(one.asked.length, 1) * 2]).toEqual([ns, true]);
  });
});

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, runCli } from '../../labs/harness.js';
import { apiServer, daemonsetFor, kubeconfigWith, kubectl } from './kube.js';

/**
 * Traceable grades on the test cluster: lab 4 in two students' namespaces (`trace-*`), one report
 * made with the student's own stamped identity (manifests/student.yaml may get kube-system), one
 * with the grader's read-only one (manifests/grader-rbac.yaml), and two that cheat: one grades a
 * classmate's namespace, one carries another nonce. verify-report --roster finds them.
 */
const work = mkdtempSync(join(tmpdir(), 'lab-trace-'));
const reports = join(work, 'reports');
const key = join(work, 'grader.key');
const pub = join(work, 'grader.pub');
const NS = ['trace-ana', 'trace-luis', 'trace-marta'];
let ana = '';
let grader = '';

interface Report { trace: { gradedAt: string; cluster: { identity: string; kubeSystemUid: string; server: string; namespaces: string[] }; objects: { kind: string; namespace: string; name: string; uid: string; created: string }[]; nonce?: string; exam?: { inside: boolean } } }

beforeAll(async () => {
  mkdirSync(reports);
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key]);
  execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', pub]);
  const stamped = await runCli(['cluster', 'student', 'ana', '--prefix', 'trace-']);
  writeFileSync(join(work, 'ana.yaml'), stamped.stdout);
  writeFileSync(join(work, 'ds.yaml'), ['trace-ana', 'trace-luis'].map((ns) => daemonsetFor(ns)).join('---\n'));
  for (const args of [['apply', '-f', join(work, 'ana.yaml')], ['apply', '-f', join(work, 'ds.yaml')], ['create', 'namespace', 'trace-marta'], ['apply', '-f', join(ROOT, 'manifests/grader-rbac.yaml')]]) {
    expect(await kubectl(...args)).toMatchObject({ code: 0 });
  }
  ana = await kubeconfigWith(join(work, 'ana.kubeconfig'), { token: (await kubectl('create', 'token', 'ana', '-n', 'trace-ana')).stdout.trim() });
  grader = await kubeconfigWith(join(work, 'grader.kubeconfig'), { token: (await kubectl('create', 'token', 'grader', '-n', 'lab-grader')).stdout.trim() });
}, 60_000);

afterAll(async () => {
  await kubectl('delete', 'clusterrolebinding,clusterrole', 'lab-grader-student-trace-ana', '--ignore-not-found');
  await kubectl('delete', 'namespace', ...NS, '--ignore-not-found', '--wait=true', '--timeout=90s');
  rmSync(work, { recursive: true, force: true });
}, 120_000);

const check = async (file: string, args: string[]) => {
  const r = await runCli(['check', '4', '--format', 'json', '--lang', 'en', '--timeout', '5', '--sign-key', key, '-o', join(reports, file), ...args]);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect([0, 1]).toContain(r.code);
  return JSON.parse(readFileSync(join(reports, file), 'utf8')) as Report;
};

test('reports of two namespaces: a classmate\'s namespace and a wrong nonce are flagged; every traced field is signed', async () => {
  const start = await runCli(['exam', 'start', '--duration', '2h', '--key', key, '--nonce', 'k8s-3b', '--start', new Date(Date.now() - 60_000).toISOString()]);
  expect(start.code).toBe(0);
  const token = start.stdout.trim();

  const mine = await check('ana.json', ['-n', 'trace-ana', '--kubeconfig', ana, '--exam-token', token]);
  const luis = await check('luis.json', ['-n', 'trace-luis', '--kubeconfig', grader, '--exam-token', token]);
  await check('pedro.json', ['-n', 'trace-ana', '--exam-token', token]);
  await check('marta.json', ['-n', 'trace-marta', '--kubeconfig', grader, '--nonce', 'otra']);

  const uid = (await kubectl('get', 'namespace', 'kube-system', '-o', 'jsonpath={.metadata.uid}')).stdout;
  const ds = JSON.parse((await kubectl('get', 'daemonset', '-n', 'trace-ana', '-o', 'json')).stdout).items[0];
  expect(mine.trace.cluster).toMatchObject({ identity: `${uid}/trace-ana`, kubeSystemUid: uid, server: await apiServer(), namespaces: ['trace-ana'] });
  expect(luis.trace.cluster).toMatchObject({ kubeSystemUid: uid, namespaces: ['trace-luis'] });
  expect(mine.trace.objects).toContainEqual({ kind: 'daemonsets', namespace: 'trace-ana', name: ds.metadata.name, uid: ds.metadata.uid, created: new Date(ds.metadata.creationTimestamp).toISOString() });
  expect(mine.trace).toMatchObject({ nonce: 'k8s-3b', exam: { inside: true } });

  const roster = join(work, 'roster.csv');
  writeFileSync(roster, 'student,namespace\nana,trace-ana\nluis,trace-luis\npedro,trace-pedro\nmarta,trace-marta\n');
  const all = await runCli(['verify-report', reports, '--roster', roster, '--exam-token', token, '--key', pub, '--lang', 'en']);
  expect(all.stderr).toBe('');
  expect(all.code).toBe(1);
  const lines = all.stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^STUDENT +REPORT +SIGNATURE +GRADED ON +GRADED AT +FLAGS$/);
  expect(lines.slice(5)).toEqual([
    `ana (${reports}/ana.json): graded on the same cluster and namespace (${uid}/trace-ana) as pedro`,
    `marta (${reports}/marta.json): it does not carry this exam's token`,
    `marta (${reports}/marta.json): it carries another nonce (otra)`,
    `pedro (${reports}/pedro.json): it grades namespace trace-ana, which is ana's`,
    `pedro (${reports}/pedro.json): graded on the same cluster and namespace (${uid}/trace-ana) as ana`,
    '3 of 4 to look at',
  ]);
  expect(lines.find((l) => l.startsWith('luis '))).toMatch(new RegExp(` valid +cluster ${uid.slice(0, 16)}… trace-luis +\\S+Z +-$`));

  // LAB_TRACE_FIXTURES=test/unit/fixtures/trace renews the real reports the tampering unit tests change.
  if (process.env.LAB_TRACE_FIXTURES) for (const [from, to] of [[join(reports, 'ana.json'), 'k8s-report.json'], [pub, 'k8s.pub']]) copyFileSync(from, join(process.env.LAB_TRACE_FIXTURES, to));
  // Each traced field changed in the report breaks its signature.
  const text = readFileSync(join(reports, 'ana.json'), 'utf8');
  for (const change of [
    (r: any) => { r.trace.cluster.kubeSystemUid = 'x'; },
    (r: any) => { r.trace.cluster.namespaces = ['trace-luis']; },
    (r: any) => { r.trace.objects[0].created = new Date().toISOString(); },
    (r: any) => { r.trace.nonce = 'k8s-3c'; },
    (r: any) => { r.trace.gradedAt = new Date(0).toISOString(); },
  ]) {
    const r = JSON.parse(text);
    change(r);
    writeFileSync(join(work, 'changed.json'), JSON.stringify(r, null, 2));
    const v = await runCli(['verify-report', join(work, 'changed.json'), '--key', pub, '--lang', 'en']);
    expect([v.code, v.stdout.split('\n')[0]]).toEqual([1, `signature invalid: ${join(work, 'changed.json')} was changed after it was signed`]);
  }
}, 120_000);

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoStack, lab } from './drill-helpers.js';
import { PrivateDockerd } from './private-dockerd.js';

/**
 * Traceable grades on real engines: three private dockerds stand for three students' machines (the
 * system engine is never used). Reports are made with lab check 1 as a student would; then
 * verify-report --roster finds the one made on a classmate's engine, the one with the wrong
 * nonce, the one outside the exam's token, and the student with no report.
 */
interface Report { trace: { gradedAt: string; engine: { identity: string; id: string; name: string }; objects: { kind: string; name: string; uid: string; created: string }[]; nonce?: string; exam?: { inside: boolean } } }

const dir = mkdtempSync('/tmp/lgtrace-');
const key = join(dir, 'grader.key');
const pub = join(dir, 'grader.pub');
const reports = join(dir, 'reports');
const engines = [new PrivateDockerd(), new PrivateDockerd(), new PrivateDockerd()];

beforeAll(async () => {
  mkdirSync(reports);
  for (const e of engines) e.ownIdentity = true;
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key]);
  execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', pub]);
  await Promise.all(engines.map((e) => e.start([])));
  for (const e of engines) {
    // An empty image under the lab's name: the container need only exist, never run.
    execFileSync('sh', ['-c', 'tar cf - --files-from /dev/null | docker import - mysql:5.7'], { env: { ...process.env, DOCKER_HOST: e.host }, stdio: 'ignore' });
  }
}, 60_000);

afterAll(async () => {
  for (const e of engines) await e.remove();
  rmSync(dir, { recursive: true, force: true });
});

const check = async (engine: PrivateDockerd, file: string, extra: string[]) => {
  const r = await lab(['check', '1', '--format', 'json', '--lang', 'en', '--timeout', '5', '--sign-key', key, '-o', join(reports, file), ...extra], { DOCKER_HOST: engine.host });
  expect([r.code, r.stderr.includes('\n    at ')]).toEqual([1, false]);
  return JSON.parse(readFileSync(join(reports, file), 'utf8')) as Report;
};

test('reports made on three engines: a shared engine, a wrong nonce, a missing report and objects older than the class are flagged', async () => {
  const start = await lab(['exam', 'start', '--duration', '90m', '--key', key, '--nonce', 'aula-3b', '--lang', 'en']);
  expect([start.code, start.stderr.trim()]).toEqual([0, expect.stringMatching(/^exam window: from \S+Z to \S+Z$/)]);
  const token = start.stdout.trim();
  writeFileSync(join(dir, 'token'), `${token}\n`);
  for (const e of engines) e.cli(['create', '--name', 'mimysql', 'mysql:5.7', '/no-such-command']);

  const ana = await check(engines[0], 'ana.json', ['--exam-token', join(dir, 'token')]);
  const luis = await check(engines[1], 'luis.json', ['--exam-token', token]);
  // Pedro graded on Ana's machine; Marta with a nonce of her own and no token.
  await check(engines[0], 'pedro.json', ['--exam-token', token]);
  await check(engines[2], 'marta.json', ['--nonce', 'otra']);

  const info = JSON.parse(engines[0].cli(['info', '--format', '{{json .}}'])) as { ID: string; Name: string };
  const inspect = JSON.parse(engines[0].cli(['inspect', 'mimysql']))[0] as { Id: string; Created: string };
  expect(ana.trace.engine).toMatchObject({ identity: info.ID, id: info.ID, name: info.Name });
  expect(ana.trace.objects).toEqual([{ kind: 'container', name: 'mimysql', uid: inspect.Id, created: new Date(inspect.Created).toISOString() }]);
  expect(ana.trace).toMatchObject({ nonce: 'aula-3b', exam: { inside: true } });
  expect(luis.trace.engine.identity).not.toBe(ana.trace.engine.identity);

  // LAB_TRACE_FIXTURES=test/unit/fixtures/trace renews the real reports the tampering unit tests change.
  if (process.env.LAB_TRACE_FIXTURES) for (const [from, to] of [[join(reports, 'ana.json'), 'docker-report.json'], [pub, 'docker.pub']]) copyFileSync(from, join(process.env.LAB_TRACE_FIXTURES, to));
  // One report alone: valid, and what it was graded on.
  const one = await lab(['verify-report', join(reports, 'luis.json'), '--key', pub, '--lang', 'en']);
  expect(one.code).toBe(0);
  expect(one.stdout).toMatch(/^signature valid: .*luis\.json \(Ed25519, key \w+\)\n  graded at   \S+Z\n  engine      [\w:]+ \(host .+, unix:\/\/.+\)\n  objects     1, with their creation time:\n        container mimysql  \S+Z\n  nonce       aula-3b\n  exam        \S+ to \S+: made inside the window\n$/);

  const roster = join(dir, 'roster.csv');
  writeFileSync(roster, 'student,namespace\nana,ana\nluis,luis\npedro,pedro\nmarta,marta\nsara,sara\n');
  const all = await lab(['verify-report', reports, '--roster', roster, '--exam-token', token, '--key', pub, '--lang', 'en']);
  expectNoStack(all);
  expect(all.code).toBe(1);
  const lines = all.stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^STUDENT +REPORT +SIGNATURE +GRADED ON +GRADED AT +FLAGS$/);
  expect(lines.slice(1, 5).map((l) => l.split(/\s+/)[0]).sort()).toEqual(['ana', 'luis', 'marta', 'pedro']);
  const findings = lines.slice(5);
  expect(findings).toEqual([
    `ana (${reports}/ana.json): graded on the same Docker engine (${info.ID}) as pedro`,
    `marta (${reports}/marta.json): it does not carry this exam's token`,
    `marta (${reports}/marta.json): it carries another nonce (otra)`,
    `pedro (${reports}/pedro.json): graded on the same Docker engine (${info.ID}) as ana`,
    'sara (sara): no report',
    '4 of 5 to look at',
  ]);
  expect(lines.find((l) => l.startsWith('luis '))).toMatch(/ valid .* -$/);

  // The class started after the containers were made: every report graded them, so every one is flagged.
  const since = new Date(Date.now() + 1000).toISOString();
  const late = await lab(['verify-report', join(reports, 'ana.json'), join(reports, 'luis.json'), '--since', since, '--key', pub, '--lang', 'en']);
  expect(late.code).toBe(1);
  expect(late.stdout).toMatch(new RegExp(`^ana \\(.*ana\\.json\\): 1 graded object\\(s\\) created before the class started \\(${since.replace(/\./g, '\\.')}\\): container mimysql at \\S+Z$`, 'm'));
  expect(late.stdout).toMatch(/^luis \(.*luis\.json\): 1 graded object/m);
}, 90_000);

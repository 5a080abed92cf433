import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { casesOf, LABS, sh, verdict, type Case } from '../../labs/harness.js';
import { ensureImage, gradeInImage, runImage } from '../grader-image.js';

/**
 * The grader's own image against the real engine: `docker run --rm -v /var/run/docker.sock:…
 * lab-grader:dev check 1`, from a container on Docker's default bridge, where the published
 * ports are reached through the default gateway. Each case removes the mimysql it made.
 */
const docker = new Docker();
const SOCKET = ['-v', '/var/run/docker.sock:/var/run/docker.sock'];
const cases = casesOf(join(LABS, '01-mysql'));
const caseNamed = (name: string) => cases.find((c) => c.name === name)!;
const dirs: string[] = [];

async function apply(c: Case) {
  const work = mkdtempSync(join(tmpdir(), `lab-image-${c.name}-`));
  dirs.push(work);
  const run = await sh(join(c.dir, 'run.sh'), work);
  if (run.code !== 0) throw new Error(`${c.dir}/run.sh failed: ${run.stderr}`);
}

const removeMysql = () => docker.getContainer('mimysql').remove({ force: true, v: true }).catch(() => undefined);

beforeAll(async () => {
  await ensureImage();
  await removeMysql();
}, 20 * 60_000);

afterEach(removeMysql);
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('--help runs the CLI', async () => {
  const run = await runImage([], ['--help', '--lang', 'en']);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('lab check <lab..>');
});

test('the reference solution passes every check, dialled through the default gateway', async () => {
  await apply(cases[0]);
  const { run, checks } = await gradeInImage(SOCKET, '1');
  const v = verdict(cases[0], checks, ['data-survives-recreate']);
  expect(v.errored).toEqual([]);
  expect(v.failed).toEqual([]);
  expect(v.skipped).toEqual([]);
  expect(checks.filter((c) => c.status === 'pass')).toHaveLength(checks.length - 1);
  expect(run.code).toBe(0);
  // The login really went to the host through the bridge's gateway, not to 127.0.0.1 (the container itself).
  // The gateway is the bridge interface's own address on the host. A freshly started dockerd
  // reports only the subnet in IPAM, so ask the host's interfaces, not the engine's config.
  const bridge = await docker.getNetwork('bridge').inspect();
  const ifname = (bridge.Options?.['com.docker.network.bridge.name'] as string | undefined) ?? 'docker0';
  const gateway = networkInterfaces()[ifname]?.find((a) => a.family === 'IPv4')?.address;
  expect(gateway).toBeDefined();
  expect(checks.find((c) => c.id === 'db-login')?.message).toContain(`${gateway}:3306`);
});

test('a wrong root password fails exactly the checks its expect.yaml lists', async () => {
  const c = caseNamed('wrong-root-password');
  await apply(c);
  const { run, checks } = await gradeInImage(SOCKET, '1');
  const v = verdict(c, checks, ['data-survives-recreate']);
  expect(v.errored).toEqual([]);
  expect(v.failed).toEqual([...c.expect!.fail].sort());
  expect(v.skipped).toEqual([...(c.expect!.skip ?? [])].sort());
  expect(v.missingHints).toEqual([]);
  expect(v.wrongHints).toEqual([]);
  expect(run.code).toBe(1);
});

test('a port published on 127.0.0.1 only: out of reach from the bridge, graded as on the host with --network host', async () => {
  const c = caseNamed('loopback-port');
  await apply(c);
  const bridged = await gradeInImage(SOCKET, '1');
  expect(bridged.checks.find((x) => x.id === 'port-published')?.status).toBe('fail');
  for (const id of ['db-login', 'db-root-login']) {
    const check = bridged.checks.find((x) => x.id === id)!;
    expect(check.status).toBe('error');
    expect(check.message).toContain('127.0.0.1 only');
    expect(check.hint).toContain('--network host');
  }

  const { run, checks } = await gradeInImage(['--network', 'host', ...SOCKET], '1');
  const v = verdict(c, checks, ['data-survives-recreate']);
  expect(v.errored).toEqual([]);
  expect(v.failed).toEqual([...c.expect!.fail].sort());
  expect(v.skipped).toEqual([...(c.expect!.skip ?? [])].sort());
  expect(v.wrongHints).toEqual([]);
  expect(run.code).toBe(1);
});

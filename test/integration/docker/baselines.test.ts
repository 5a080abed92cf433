import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { grade, LABS, ROOT, sh } from '../../labs/harness.js';

/**
 * The shell baselines `npm run bench` times lab checks 1, 2, 5, 6 and 7 against must be honest:
 * exit 0 on the reference solutions, and 1 with the right reason on known mistakes.
 */
const docker = new Docker();
const script = (lab: string) => join(ROOT, 'bench', 'baselines', `check-${lab}.sh`);
const dirs: string[] = [];

async function apply(folder: string, variant = 'solution') {
  const work = mkdtempSync(join(tmpdir(), 'lab-bench-baseline-'));
  dirs.push(work);
  const run = await sh(join(LABS, folder, variant, 'run.sh'), work);
  if (run.code !== 0) throw new Error(`${folder}/${variant}/run.sh failed: ${run.stderr}`);
}

async function remove(...names: string[]) {
  for (const name of names) await docker.getContainer(name).remove({ force: true, v: true }).catch(() => undefined);
}

beforeAll(() => {
  execFileSync('sh', [join(ROOT, 'bench', 'baselines', 'ensure-clients.sh')], { stdio: 'inherit' });
});

/** Lab 7's containers, its network, and the named volume its variants use. */
async function removeLab7() {
  await remove('miweb', 'midb');
  await docker.getNetwork('mired').remove().catch(() => undefined);
  await docker.getVolume('midb-datos').remove().catch(() => undefined);
}

afterAll(async () => {
  await remove('miwp', 'mimysql', 'mifedora', 'miclasificador');
  await removeLab7();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('on the reference solutions both baselines pass, as lab check does', async () => {
  await apply('01-mysql');
  expect((await grade('1', ['--timeout', '60'])).run.code).toBe(0);
  await apply('02-wordpress');
  expect((await grade('2', ['--timeout', '60'])).run.code).toBe(0);
  expect(await sh(script('1'), ROOT)).toMatchObject({ code: 0, stdout: 'OK: lab 1\n' });
  expect(await sh(script('2'), ROOT)).toMatchObject({ code: 0, stdout: 'OK: lab 2\n' });
});

test.each([
  ['port-8080', /80\/tcp is not published on host port 8081/],
  ['db-host-localhost', /WORDPRESS_DB_HOST=127.0.0.1:3306 does not go through the host/],
  ['tag-latest', /does not pin a version/],
  ['wrong-db-password', /WORDPRESS_DB_PASSWORD is not password/],
])('lab 2 %s: the baseline fails, naming the mistake', async (variant, reason) => {
  await remove('miwp');
  await apply('02-wordpress', join('wrong', variant));
  const run = await sh(script('2'), ROOT);
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(reason);
});

test('lab 2 missing: the baseline fails', async () => {
  await remove('miwp');
  expect(await sh(script('2'), ROOT)).toMatchObject({ code: 1, stdout: 'FAIL: container miwp does not exist\n' });
});

test.each([
  ['tag-latest', /does not pin a version/],
  ['loopback-port', /published on loopback only/],
  ['anonymous-volume', /anonymous volume/],
  ['wrong-host-port', /not published on host port 3306/],
  ['wrong-database', /MYSQL_DATABASE is not curso/],
  ['not-started', /is not running/],
])('lab 1 %s: the baseline fails, naming the mistake', async (variant, reason) => {
  await remove('miwp', 'mimysql');
  await apply('01-mysql', join('wrong', variant));
  const run = await sh(script('1'), ROOT);
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(reason);
});

test('lab 1 with the right settings but a user the database no longer has: the real login fails', async () => {
  await remove('miwp', 'mimysql');
  await apply('01-mysql');
  expect((await grade('1', ['--timeout', '60'])).run.code).toBe(0);
  // Behind the container's back: its env vars still say usuario/password.
  execFileSync('mysql', ['-h127.0.0.1', '-P3306', '-uroot', '-ppassword', '-e', "DROP USER 'usuario'@'%'"]);
  expect(await sh(script('1'), ROOT)).toMatchObject({ code: 1, stdout: 'FAIL: usuario cannot log in and see curso\n' });
});

test('lab 7: on the reference solution the baseline passes, as lab check does', async () => {
  await remove('miwp', 'mimysql');
  await removeLab7();
  await apply('07-network');
  expect((await grade('7', ['--timeout', '60'])).run.code).toBe(0);
  expect(await sh(script('7'), ROOT)).toMatchObject({ code: 0, stdout: 'OK: lab 7\n' });
});

test.each([
  ['default-bridge', /no bridge network mired/],
  ['web-off-network', /miweb is not on mired/],
  ['db-host-ip', /WORDPRESS_DB_HOST=[0-9.]+:3306 does not name midb on mired/],
  ['db-published', /midb publishes a port/],
  ['db-publish-all', /midb publishes a port/],
])('lab 7 %s: the baseline fails, naming the mistake', async (variant, reason) => {
  await removeLab7();
  await apply('07-network', join('wrong', variant));
  const run = await sh(script('7'), ROOT);
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(reason);
  await removeLab7();
});

test('lab 5: the baseline passes on the reference solution, as lab check does', async () => {
  await remove('mifedora');
  await apply('05-fedora');
  expect((await grade('5', ['--timeout', '30'])).run.code).toBe(0);
  expect(await sh(script('5'), ROOT)).toMatchObject({ code: 0, stdout: 'OK: lab 5\n' });
});

test.each([
  ['tag-latest', /does not pin a version/],
  ['other-distribution', /image debian:12 is not fedora/],
  ['no-terminal', /is not running/],
  ['no-message', /Hola desde Fedora is not in its logs/],
])('lab 5 %s: the baseline fails, naming the mistake', async (variant, reason) => {
  await remove('mifedora');
  await apply('05-fedora', join('wrong', variant));
  const run = await sh(script('5'), ROOT);
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(reason);
});

describe('lab 6', () => {
  // The images lab 6's cases build, each step's and earlier builds' included: removed afterwards. Only
  // clasificador tags are made here, so anything tagged otherwise and new is left alone.
  const ids = async () => (await docker.listImages({ all: true })).filter((i) => (i.RepoTags ?? []).every((t) => t === '<none>:<none>' || t.startsWith('clasificador:')));
  let before = new Set<string>();
  beforeAll(async () => {
    before = new Set((await docker.listImages({ all: true })).map((i) => i.Id));
  });
  afterAll(async () => {
    await remove('miclasificador');
    for (const image of await ids()) {
      if (!before.has(image.Id)) await docker.getImage(image.Id).remove({ force: true }).catch(() => undefined);
    }
  });

  test('the baseline passes on the reference solution, as lab check does', async () => {
    await remove('miclasificador');
    await apply('06-image');
    expect((await grade('6', ['--timeout', '30'])).run.code).toBe(0);
    expect(await sh(script('6'), ROOT)).toMatchObject({ code: 0, stdout: 'OK: lab 6\n' });
  });

  test.each([
    ['shell-form-cmd', /PID 1 is a shell: +\/bin\/sh -c python app.py/],
    ['runs-as-root', /runs processes as root/],
    ['tag-latest', /image clasificador does not pin a version/],
    ['port-not-published', /5000\/tcp is not published on host port 5000/],
    ['app-bind-mounted', /the app is mounted over \/app/],
    ['stdout-buffered', /the requests are not in its logs/],
  ])('%s: the baseline fails, naming the mistake', async (variant, reason) => {
    await remove('miclasificador');
    await apply('06-image', join('wrong', variant));
    // As lab check does: wait until the app answers (or is found wrong), so that the script asks a running server.
    await grade('6', ['--timeout', '30']);
    const run = await sh(script('6'), ROOT);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(reason);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LABS, sh } from '../../labs/harness.js';
import { byId, checksOf, docker, expectNoStack, lab, statusOf } from './drill-helpers.js';

/**
 * Right verdicts on every valid attempt, on the system engine: every way of naming the mysql
 * image, of keeping /var/lib/mysql and of publishing 3306 that Docker accepts, graded by the
 * built CLI. Lab 1's checks, copied into lab folders of their own (LAB_GRADER_LABS), so that a
 * created-only container is graded on what it shows. Run under the docker lock: they create
 * mimysql and miwp and use ports 3306, 3307 and 8081.
 */
const work = mkdtempSync(join(tmpdir(), 'lgverdicts-'));
const labs = join(work, 'labs');
const ENV = { LAB_GRADER_LABS: labs };
const VARS = ['-e', 'MYSQL_ROOT_PASSWORD=password', '-e', 'MYSQL_DATABASE=curso', '-e', 'MYSQL_USER=usuario', '-e', 'MYSQL_PASSWORD=password'];
const TAGS = ['mirror.gcr.io/library/mysql:5.7', 'registry.example:5000/library/mysql:5.7', 'evil.example/mysql:5.7', 'someuser/mysql:5.7'];
const VOLUMES = ['lgverdicts-datos', 'a1'.repeat(32)];
const OWN_IMAGE = 'lab-grader-verdicts/only-latest:latest';

function writeLab(folder: string, id: string, checks: string[]) {
  const dir = join(labs, folder);
  mkdirSync(dir, { recursive: true });
  // Statements of its own: lab 1's use its parameters (${db_name}…), which these lab.yaml files do not declare.
  writeFileSync(join(dir, 'task.es.md'), '# Veredictos\n');
  writeFileSync(join(dir, 'task.en.md'), '# Verdicts\n');
  writeFileSync(join(dir, 'lab.yaml'), [`id: "${id}"`, `slug: ${folder.slice(3)}`, 'title: { es: Veredictos, en: Verdicts }', 'target: docker', 'checks:', ...checks, ''].join('\n'));
}
const check = (id: string, kind: string, params: string) => [`  - id: ${id}`, `    kind: ${kind}`, `    title: { es: ${id}, en: ${id} }`, `    params: ${params}`].join('\n');

const quiet = (args: string[]) => {
  try { docker(args); } catch { /* not there */ }
};
function removeAll() {
  quiet(['rm', '-f', '-v', 'mimysql']);
  quiet(['rm', '-f', '-v', 'miwp']);
  for (const v of VOLUMES) quiet(['volume', 'rm', v]);
}
const imageId = (ref: string) => docker(['image', 'inspect', '-f', '{{.Id}}', ref]);
const mimysql = (extra: string[], image = 'mysql:5.7', verb = 'create') => docker([verb, ...(verb === 'run' ? ['-d'] : []), '--name', 'mimysql', ...VARS, ...extra, image]);
const grade = async (lab1: string, extra: string[] = []) => {
  const r = await lab(['check', lab1, '--format', 'json', '--lang', 'en', ...extra], ENV);
  expectNoStack(r);
  return { r, checks: checksOf(r) };
};

beforeAll(() => {
  removeAll();
  writeLab('01-static', '1', [
    check('image-mysql', 'docker.image-name', '{ container: mimysql, repository: mysql }'),
    check('image-pinned', 'docker.image-pinned', '{ container: mimysql }'),
    check('data-volume', 'docker.data-volume', '{ container: mimysql, path: /var/lib/mysql }'),
  ]);
  writeLab('02-dial', '2', [
    check('port-published', 'docker.port-published', '{ container: mimysql, port: 3306/tcp, hostPort: 3306 }'),
    check('login-3306', 'mysql.login', '{ container: mimysql, port: 3306/tcp, hostPort: 3306, user: usuario, password: password, database: curso }'),
    check('login-3307', 'mysql.login', '{ container: mimysql, port: 3306/tcp, hostPort: 3307, user: usuario, password: password }'),
    check('root-login', 'mysql.login', '{ container: mimysql, port: 3306/tcp, hostPort: 3306, user: root, password: password }'),
  ]);
  writeLab('03-web', '3', [
    check('site-responds', 'http.get', '{ container: miwp, port: 80/tcp, hostPort: 8081, accept: [{ status: [200], bodyIncludes: wp-content }, { status: [301, 302], locationIncludes: wp-admin/install.php }, { status: [500], bodyIncludes: wp-die-message }] }'),
  ]);
});
afterEach(removeAll);
afterAll(() => {
  removeAll();
  for (const t of TAGS) quiet(['rmi', '--no-prune', t]);
  quiet(['rmi', '-f', OWN_IMAGE]);
  rmSync(work, { recursive: true, force: true });
});

describe('image references, read the way Docker reads them', () => {
  beforeAll(() => {
    for (const t of TAGS) docker(['tag', 'mysql:5.7', t]);
  });

  const full = () => imageId('mysql:5.7');
  test.each<[string, () => string]>([
    ['mysql:5.7', () => 'mysql:5.7'],
    ['library/mysql:5.7', () => 'library/mysql:5.7'],
    ['docker.io/library/mysql:5.7', () => 'docker.io/library/mysql:5.7'],
    ['docker.io/mysql:5.7', () => 'docker.io/mysql:5.7'],
    ['index.docker.io/library/mysql:5.7', () => 'index.docker.io/library/mysql:5.7'],
    ['a mirror\'s copy, mirror.gcr.io/library/mysql:5.7', () => 'mirror.gcr.io/library/mysql:5.7'],
    ['a private registry\'s copy, registry.example:5000/library/mysql:5.7', () => 'registry.example:5000/library/mysql:5.7'],
    ['the image ID, sha256:…', full],
    ['the image ID without sha256:', () => full().slice(7)],
    ['the short image ID', () => full().slice(7, 19)],
  ])('%s is the mysql image, pinned', async (_, ref) => {
    mimysql([], ref());
    const { checks } = await grade('1');
    expect(statusOf(checks)).toMatchObject({ 'image-mysql': 'pass', 'image-pinned': 'pass' });
    // What the engine recorded is what was graded: an ID is looked up, and named by its tags.
    const recorded = docker(['inspect', '-f', '{{.Config.Image}}', 'mimysql']);
    if (/^(sha256:)?[0-9a-f]{12,64}$/.test(recorded)) {
      expect(byId(checks, 'image-mysql').message).toMatch(/^Image ID [0-9a-f]{12}, which is .*mysql:5\.7/);
      expect(byId(checks, 'image-pinned').message).toMatch(/^Image ID [0-9a-f]{12} \(.*mysql:5\.7.*\) pins a version\.$/);
    } else {
      expect(byId(checks, 'image-mysql').message).toBe(`Image ${recorded}.`);
    }
  });

  test.each(['evil.example/mysql:5.7', 'someuser/mysql:5.7'])('%s is not the official mysql image', async (ref) => {
    mimysql([], ref);
    const { r, checks } = await grade('1');
    expect(statusOf(checks)).toMatchObject({ 'image-mysql': 'fail', 'image-pinned': 'pass' });
    expect(byId(checks, 'image-mysql')).toMatchObject({ message: 'mimysql does not use the mysql image.', expected: 'mysql:<tag>', actual: ref });
    expect(r.code).toBe(1);
  });

  test('an image run by ID is named by its own tags: only latest is not pinned, no tag at all names nothing', async () => {
    // An image of its own (a commit of a created container), tagged latest only.
    docker(['create', '--name', 'miwp', 'mysql:5.7']);
    docker(['commit', 'miwp', OWN_IMAGE]);
    const id = imageId(OWN_IMAGE);
    mimysql([], id.slice(7, 19));
    let { checks } = await grade('1');
    expect(byId(checks, 'image-mysql')).toMatchObject({ status: 'fail', message: `mimysql runs image ID ${id.slice(7, 19)} (${OWN_IMAGE}), which is not the mysql image.` });
    expect(byId(checks, 'image-pinned')).toMatchObject({ status: 'fail', message: `Image ID ${id.slice(7, 19)} is only tagged latest (${OWN_IMAGE}), which moves with every new release.` });
    // Untagged while mimysql uses it: nothing names it any more.
    docker(['rmi', '-f', '--no-prune', OWN_IMAGE]);
    ({ checks } = await grade('1'));
    expect(byId(checks, 'image-mysql')).toMatchObject({ status: 'fail', actual: `${id.slice(7, 19)} (no tag or digest)` });
    expect(byId(checks, 'image-pinned')).toMatchObject({ status: 'fail', message: `Image ID ${id.slice(7, 19)} has no tag or digest: nothing says which version it is.` });
    const es = checksOf(await lab(['check', '1', '--format', 'json', '--lang', 'es'], ENV));
    expect(byId(es, 'image-pinned').message).toBe(`La imagen con ID ${id.slice(7, 19)} no tiene etiqueta ni digest: nada dice qué versión es.`);
    quiet(['rm', '-f', 'mimysql']);
    quiet(['rmi', id]);
  });
});

describe('volume forms, compared after cleaning the paths', () => {
  const dir = () => mkdtempSync(join(work, 'data-'));
  test.each<[string, () => string[], RegExp]>([
    ['-v name:/var/lib/mysql/', () => ['-v', 'lgverdicts-datos:/var/lib/mysql/'], /in volume lgverdicts-datos\.$/],
    ['--volume name:/var/lib/mysql:rw', () => ['--volume', 'lgverdicts-datos:/var/lib/mysql:rw'], /in volume lgverdicts-datos\.$/],
    ['--mount type=volume,src=…,dst=…', () => ['--mount', 'type=volume,src=lgverdicts-datos,dst=/var/lib/mysql'], /in volume lgverdicts-datos\.$/],
    ['--mount type=volume,source=…,target=…/', () => ['--mount', 'type=volume,source=lgverdicts-datos,target=/var/lib/mysql/'], /in volume lgverdicts-datos\.$/],
    ['a named volume whose name looks like Docker\'s own', () => ['-v', `${VOLUMES[1]}:/var/lib/mysql`], new RegExp(`in volume ${VOLUMES[1]}\\.$`)],
    ['-v /host/dir/:/var/lib/mysql/', () => ['-v', `${dir()}/:/var/lib/mysql/`], /is kept on the host, in \/.*data-/],
    ['--mount type=bind,src=…,dst=…/', () => ['--mount', `type=bind,src=${dir()},dst=/var/lib/mysql/`], /is kept on the host, in \/.*data-/],
  ])('%s keeps the data', async (_, args, message) => {
    mimysql(args());
    const { checks } = await grade('1');
    expect(byId(checks, 'data-volume')).toMatchObject({ status: 'pass', message: expect.stringMatching(message) });
  });

  test.each<[string, string[], string]>([
    ['-v /var/lib/mysql/', ['-v', '/var/lib/mysql/'], '/var/lib/mysql is on an anonymous volume.'],
    ['--mount type=volume,dst=…/ (no source)', ['--mount', 'type=volume,dst=/var/lib/mysql/'], '/var/lib/mysql is on an anonymous volume.'],
    ["nothing (the image's VOLUME)", [], '/var/lib/mysql is on an anonymous volume.'],
    ['--tmpfs /var/lib/mysql', ['--tmpfs', '/var/lib/mysql'], '/var/lib/mysql is on a tmpfs, in memory only: the data is lost when the container stops.'],
    ['--mount type=tmpfs,dst=…', ['--mount', 'type=tmpfs,dst=/var/lib/mysql'], '/var/lib/mysql is on a tmpfs, in memory only: the data is lost when the container stops.'],
  ])('%s does not', async (_, args, message) => {
    mimysql(args);
    const { checks } = await grade('1');
    expect(byId(checks, 'data-volume')).toMatchObject({ status: 'fail', message });
  });
});

describe('the binding that is graded is the one that is dialled', () => {
  test('-p 3307:3306 -p 3306:3306: each login dials the host port it asks for', async () => {
    mimysql(['-p', '3307:3306', '-p', '3306:3306', '-v', `${mkdtempSync(join(work, 'data-'))}:/var/lib/mysql`], 'mysql:5.7', 'run');
    const { r, checks } = await grade('2', ['--timeout', '90']);
    expect(statusOf(checks)).toEqual({ 'port-published': 'pass', 'login-3306': 'pass', 'login-3307': 'pass', 'root-login': 'pass' });
    expect(byId(checks, 'login-3306').message).toBe('Logged in as usuario at 127.0.0.1:3306; database curso is visible.');
    expect(byId(checks, 'login-3307').message).toBe('Logged in as usuario at 127.0.0.1:3307.');
    expect(r.code).toBe(0);
  });

  test('-p [::1]:3306:3306: loopback only, so not published for the network, but the login dials ::1 and works', async () => {
    mimysql(['-p', '[::1]:3306:3306', '-v', `${mkdtempSync(join(work, 'data-'))}:/var/lib/mysql`], 'mysql:5.7', 'run');
    const { checks } = await grade('2', ['--timeout', '90']);
    expect(byId(checks, 'port-published')).toMatchObject({ status: 'fail', message: '3306/tcp is published on ::1 only: other machines on the network cannot reach it.', actual: '[::1]:3306 -> 3306/tcp' });
    expect(byId(checks, 'login-3306')).toMatchObject({ status: 'pass', message: 'Logged in as usuario at [::1]:3306; database curso is visible.' });
  });
});

describe('waiting is not failing', () => {
  test('graded the moment MySQL starts, with a short --timeout: the logins are not graded yet, nothing fails; later they pass', async () => {
    const dir = mkdtempSync(join(work, 'solution-'));
    expect((await sh(join(LABS, '01-mysql', 'solution', 'run.sh'), dir)).code).toBe(0);
    const r = await lab(['check', '1', '--format', 'json', '--lang', 'en', '--timeout', '1']);
    expectNoStack(r);
    const checks = checksOf(r);
    expect(checks.filter((c) => c.status === 'fail')).toEqual([]);
    for (const id of ['db-login', 'db-root-login']) {
      expect(byId(checks, id)).toMatchObject({ status: 'error', message: expect.stringMatching(/^Not graded: still starting within the 1 s of --timeout; try again in a moment\. The last answer was: Cannot log in as \w+: /) });
      expect(byId(checks, id).hint).toContain('has not finished starting');
    }
    expect(r.code).toBe(2);
    const later = await lab(['check', '1', '--format', 'json', '--lang', 'en', '--timeout', '90']);
    expect(statusOf(checksOf(later))).toMatchObject({ 'db-login': 'pass', 'db-root-login': 'pass' });
  });

  test('a wrong root password is not graded while MySQL starts, and fails as soon as it answers', async () => {
    const dir = mkdtempSync(join(work, 'wrong-'));
    expect((await sh(join(LABS, '01-mysql', 'wrong', 'wrong-root-password', 'run.sh'), dir)).code).toBe(0);
    const early = checksOf(await lab(['check', '1', '--format', 'json', '--lang', 'es', '--timeout', '1']));
    expect(byId(early, 'db-root-login')).toMatchObject({ status: 'error', message: expect.stringMatching(/^Sin calificar: sigue arrancando dentro de los 1 s de --timeout/) });
    const r = await lab(['check', '1', '--format', 'json', '--lang', 'en', '--timeout', '90']);
    const root = byId(checksOf(r), 'db-root-login');
    expect(root).toMatchObject({ status: 'fail', message: expect.stringContaining('ER_ACCESS_DENIED_ERROR') });
    // Failed on the server's answer, not at the deadline.
    expect(root.durationMs).toBeLessThan(85_000);
    expect(r.code).toBe(1);
  });

  test('WordPress whose Apache is still starting: site-responds is not graded yet, then passes', async () => {
    // Lab 2's settings, with no database behind them: once up, WordPress answers with its database error page.
    const vars = ['WORDPRESS_DB_HOST=127.0.0.1:3306', 'WORDPRESS_DB_NAME=curso', 'WORDPRESS_DB_USER=usuario', 'WORDPRESS_DB_PASSWORD=password'].flatMap((v) => ['-e', v]);
    docker(['run', '-d', '--name', 'miwp', ...vars, '-p', '8081:80', '--entrypoint', 'sh', 'wordpress:6.1-apache', '-c', 'sleep 8; exec docker-entrypoint.sh apache2-foreground']);
    const { r, checks } = await grade('3', ['--timeout', '1']);
    expect(byId(checks, 'site-responds')).toMatchObject({ status: 'error', message: expect.stringMatching(/^Not graded: still starting within the 1 s of --timeout; try again in a moment\. The last answer was: Cannot connect to http:\/\/127\.0\.0\.1:8081\//) });
    expect(r.code).toBe(2);
    const later = await grade('3', ['--timeout', '60']);
    const responds = byId(later.checks, 'site-responds');
    expect([responds.status, responds.actual]).toEqual(['pass', expect.stringMatching(/^500 /)]);
  });
});

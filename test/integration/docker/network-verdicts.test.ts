import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LABS } from '../../labs/harness.js';
import { byId, checksOf, docker, expectNoStack, lab, statusOf } from './drill-helpers.js';

/**
 * Lab 7's network kinds on the system engine, on containers that are only created (nothing
 * starts, so each case takes a moment): every way of attaching, naming and not publishing that
 * Docker accepts, and the ways that are wrong beyond the lab's own variants. Lab 7's checks in a
 * lab folder of their own (LAB_GRADER_LABS). Run under the docker lock: they create midb,
 * miweb and the networks mired and lgnet-otra.
 */
const work = mkdtempSync(join(tmpdir(), 'lgnetworks-'));
const labs = join(work, 'labs');
const ENV = { LAB_GRADER_LABS: labs };
const NETWORKS = ['mired', 'lgnet-otra'];

const check = (id: string, kind: string, params: string) => [`  - id: ${id}`, `    kind: ${kind}`, `    title: { es: ${id}, en: ${id} }`, `    params: ${params}`].join('\n');
const quiet = (args: string[]) => {
  try { docker(args); } catch { /* not there */ }
};
function removeAll() {
  quiet(['rm', '-f', '-v', 'midb', 'miweb']);
  for (const n of NETWORKS) quiet(['network', 'rm', n]);
}
const midb = (...extra: string[]) => docker(['create', '--name', 'midb', ...extra, 'mysql:5.7']);
const miweb = (host: string, ...extra: string[]) => docker(['create', '--name', 'miweb', '-e', `WORDPRESS_DB_HOST=${host}`, ...extra, 'wordpress:6.1-apache']);
const grade = async () => {
  const r = await lab(['check', '7', '--format', 'json', '--lang', 'en'], ENV);
  expectNoStack(r);
  return checksOf(r);
};

beforeAll(() => {
  removeAll();
  const dir = join(labs, '07-network');
  mkdirSync(dir, { recursive: true });
  for (const f of ['task.es.md', 'task.en.md']) cpSync(join(LABS, '07-network', f), join(dir, f));
  writeFileSync(join(dir, 'lab.yaml'), [
    'id: "7"', 'slug: network', 'title: { es: Redes, en: Networks }', 'target: docker', 'checks:',
    check('network-exists', 'docker.network', '{ network: mired }'),
    check('db-on-network', 'docker.network-attached', '{ container: midb, network: mired }'),
    check('db-not-published', 'docker.not-published', '{ container: midb }'),
    check('web-db-host', 'docker.env-names-container', '{ container: miweb, var: WORDPRESS_DB_HOST, server: midb, port: 3306, network: mired }'),
    '',
  ].join('\n'));
});
afterEach(removeAll);
afterAll(() => {
  removeAll();
  rmSync(work, { recursive: true, force: true });
});

test.each<[string, () => void, string]>([
  ['--network mired, the name', () => { midb('--network', 'mired'); miweb('midb', '--network', 'mired'); }, 'midb is midb on network mired'],
  ['--net=mired, upper case, qualified, with the port', () => { midb('--net=mired'); miweb('MIDB.mired:3306', '--net=mired'); }, 'MIDB.mired is midb on network mired'],
  ['docker network connect --alias after create', () => {
    midb();
    docker(['network', 'connect', '--alias', 'basedatos', 'mired', 'midb']);
    miweb('basedatos');
    docker(['network', 'connect', 'mired', 'miweb']);
  }, 'basedatos is midb on network mired'],
  ['--network-alias', () => { midb('--network', 'mired', '--network-alias', 'bd'); miweb('bd:3306', '--network', 'mired'); }, 'bd is midb on network mired'],
])('%s: every check passes', async (_, create, message) => {
  docker(['network', 'create', 'mired']);
  create();
  const checks = await grade();
  expect(statusOf(checks)).toEqual({ 'network-exists': 'pass', 'db-on-network': 'pass', 'db-not-published': 'pass', 'web-db-host': 'pass' });
  expect(byId(checks, 'web-db-host').message).toContain(message);
});

test('a network with options of its own (subnet, --internal) is still a user-defined bridge', async () => {
  docker(['network', 'create', '--driver', 'bridge', '--subnet', '10.99.7.0/24', '--internal', 'mired']);
  const checks = await grade();
  expect(byId(checks, 'network-exists')).toMatchObject({ status: 'pass', message: 'Network mired exists: your own, driver bridge, subnet 10.99.7.0/24.' });
});

test.each<[string, string[], string]>([
  ['loopback only', ['-p', '127.0.0.1:3307:3306'], '127.0.0.1:3307 -> 3306/tcp'],
  ['-P, never run', ['-P'], '-P'],
  ['--publish-all=true with -p', ['--publish-all=true', '-p', '3307:3306'], '0.0.0.0:3307 -> 3306/tcp'],
])('the database published, %s: not-published fails', async (_, flags, actual) => {
  docker(['network', 'create', 'mired']);
  midb('--network', 'mired', ...flags);
  miweb('midb', '--network', 'mired');
  const checks = await grade();
  expect(statusOf(checks)).toMatchObject({ 'db-not-published': 'fail', 'db-on-network': 'pass', 'web-db-host': 'pass' });
  expect(byId(checks, 'db-not-published')).toMatchObject({ actual: expect.stringContaining(actual), hint: expect.stringContaining('without -p or -P') });
});

test('--network host: every port is the host\'s, and it is on no network of its own', async () => {
  docker(['network', 'create', 'mired']);
  midb('--network', 'host');
  miweb('midb', '--network', 'mired');
  const checks = await grade();
  expect(byId(checks, 'db-not-published')).toMatchObject({ status: 'fail', message: "midb uses the host's network: every port it listens on is open on the host." });
  expect(byId(checks, 'db-on-network')).toMatchObject({ status: 'fail', message: 'midb runs with --network host: it is on no network of its own.' });
  expect(byId(checks, 'web-db-host')).toMatchObject({ status: 'fail', message: 'miweb and midb share no network: miweb is on mired, midb on ∅.' });
});

test('on two different user-defined networks the name resolves for neither', async () => {
  docker(['network', 'create', 'mired']);
  docker(['network', 'create', 'lgnet-otra']);
  midb('--network', 'mired');
  miweb('midb', '--network', 'lgnet-otra');
  const checks = await grade();
  expect(byId(checks, 'web-db-host')).toMatchObject({ status: 'fail', message: 'miweb and midb share no network: miweb is on lgnet-otra, midb on mired.', hint: expect.stringContaining('docker network connect mired miweb') });
});

test('a network of another name: mired is missing and the containers are elsewhere, but the name resolves there', async () => {
  docker(['network', 'create', 'lgnet-otra']);
  midb('--network', 'lgnet-otra');
  miweb('midb', '--network', 'lgnet-otra');
  const checks = await grade();
  expect(byId(checks, 'network-exists')).toMatchObject({ status: 'fail', message: 'There is no network mired.', actual: expect.stringContaining('lgnet-otra') });
  expect(byId(checks, 'db-on-network')).toMatchObject({ status: 'fail', message: 'midb is on lgnet-otra, not on mired.' });
  // The name does resolve where they are: that is graded by the network checks, not twice.
  expect(byId(checks, 'web-db-host')).toMatchObject({ status: 'pass', message: expect.stringContaining('on network lgnet-otra') });
});

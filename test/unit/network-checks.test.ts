import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ContainerInspectInfo, NetworkInspectInfo } from 'dockerode';
import { pino } from 'pino';
import { envNamesContainer, judgeHost } from '../../src/checks/docker/env-names-container.js';
import { network, networkProblem } from '../../src/checks/docker/network.js';
import { attachmentOf, networkAttached } from '../../src/checks/docker/network-attached.js';
import { dnsNamesOn, legacyLinkAliases } from '../../src/checks/docker/networks.js';
import { notPublished, publishedPorts } from '../../src/checks/docker/not-published.js';
import { httpGetPublished } from '../../src/checks/http/get.js';
import type { CheckContext } from '../../src/checks/types.js';
import { translator } from '../../src/i18n/index.js';

// Inspect shapes as the engines give them. Docker 20.10 (API 1.41): a running container's
// Aliases on a user-defined network hold its --network-alias'es and its short ID; created-only,
// the short ID is not there yet; --link on a user network is `target:alias` in the endpoint's
// Links, on the default bridge `/target:/client/alias` in HostConfig.Links. Docker 25+ (API 1.44+)
// adds DNSNames (name, aliases, short ID). Podman lists the container's name among its Aliases.
const DB_ID = 'af56669b3219b994edb44a9c0d1b5922c153cb94404f1435e9c0c3f23a0161a2';
const WEB_ID = '9ee6045c11b77a070332e8846ec30f7ba4b3ad253cf07626aaff4ac4f2db39ff';

interface Ep { Aliases?: string[] | null; DNSNames?: string[] | null; Links?: string[] | null; IPAddress?: string }
function container(name: string, id: string, networks: Record<string, Ep>, host: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): ContainerInspectInfo {
  return {
    Id: id,
    Name: `/${name}`,
    HostConfig: { NetworkMode: Object.keys(networks)[0] === 'bridge' ? 'default' : (Object.keys(networks)[0] ?? 'default'), PortBindings: {}, PublishAllPorts: false, Links: null, ...host },
    NetworkSettings: { Ports: {}, Networks: Object.fromEntries(Object.entries(networks).map(([n, e]) => [n, { IPAddress: '', ...e }])), ...extra },
    Config: { Env: [] },
    State: { Running: true, Status: 'running', StartedAt: new Date(Date.now() - 600_000).toISOString() },
  } as unknown as ContainerInspectInfo;
}
const db = (networks: Record<string, Ep>, host?: Record<string, unknown>) => container('midb', DB_ID, networks, host);
const web = (networks: Record<string, Ep>, host?: Record<string, unknown>) => container('miweb', WEB_ID, networks, host);

describe('dnsNamesOn: the names a network\'s DNS answers with a container\'s address', () => {
  test('Docker 20.10: name, short ID and --network-alias; a --link alias only for the linking container', () => {
    const server = db({ mired: { Aliases: ['basedatos', 'af56669b3219'], IPAddress: '172.18.0.2' } });
    const client = web({ mired: { Links: ['midb:dblink'] } });
    expect(dnsNamesOn(server, 'mired').sort()).toEqual(['af56669b3219', 'basedatos', 'midb']);
    expect(dnsNamesOn(server, 'mired', client)).toContain('dblink');
    expect(dnsNamesOn(server, 'otra', client)).toEqual([]);
  });

  test('Docker 25+ DNSNames and Podman\'s Aliases are read alike, lower-cased', () => {
    expect(dnsNamesOn(db({ mired: { Aliases: ['BaseDatos'], DNSNames: ['midb', 'BaseDatos', 'af56669b3219'] } }), 'mired').sort()).toEqual(['af56669b3219', 'basedatos', 'midb']);
    expect(dnsNamesOn(db({ mired: { Aliases: ['midb', 'af56669b3219'] } }), 'mired').sort()).toEqual(['af56669b3219', 'midb']);
  });

  test('--link on the default bridge is an /etc/hosts alias, kept apart', () => {
    expect(legacyLinkAliases(web({ bridge: {} }, { Links: ['/midb:/miweb/midb', '/otro:/miweb/x'] }), db({ bridge: {} }))).toEqual(['midb']);
  });
});

describe('judgeHost: does WORDPRESS_DB_HOST name the database on a network both share', () => {
  const server = db({ mired: { Aliases: ['basedatos', 'af56669b3219'], IPAddress: '172.18.0.2' } });
  const client = web({ mired: { Aliases: ['9ee6045c11b7'], IPAddress: '172.18.0.3' } });

  test.each([['midb'], ['MIDB'], ['basedatos'], ['af56669b3219'], ['midb.mired'], ['basedatos.mired.']])('%s resolves on mired', (host) => {
    expect(judgeHost(host, client, server)).toEqual({ kind: 'ok', network: 'mired' });
  });

  test('a created-only database (no aliases yet) is still found by its name', () => {
    expect(judgeHost('midb', client, db({ mired: { Aliases: null } }))).toEqual({ kind: 'ok', network: 'mired' });
  });

  test('its IP address, another IP, or loopback', () => {
    expect(judgeHost('172.18.0.2', client, server)).toEqual({ kind: 'ip', owner: 'midb', network: 'mired' });
    expect(judgeHost('10.0.0.7', client, server)).toEqual({ kind: 'ip' });
    expect(judgeHost('127.0.0.1', client, server)).toEqual({ kind: 'loopback' });
    expect(judgeHost('localhost', client, server)).toEqual({ kind: 'loopback' });
  });

  test('both on the default bridge: the name does not resolve; with --link it does, the legacy way', () => {
    const onBridge = db({ bridge: { IPAddress: '172.17.0.2' } });
    expect(judgeHost('midb', web({ bridge: {} }), onBridge)).toEqual({ kind: 'defaultBridge' });
    expect(judgeHost('midb', web({ bridge: {} }, { Links: ['/midb:/miweb/midb'] }), onBridge)).toEqual({ kind: 'legacyLink' });
    // Podman's default network is no different.
    expect(judgeHost('midb', web({ podman: {} }), db({ podman: {} }))).toEqual({ kind: 'defaultBridge' });
  });

  test('on different networks, or the name of something else', () => {
    expect(judgeHost('midb', web({ bridge: {} }), server)).toEqual({ kind: 'apart', client: ['bridge'], server: ['mired'] });
    expect(judgeHost('midb', web({}, { NetworkMode: 'host' }), server)).toEqual({ kind: 'apart', client: [], server: ['mired'] });
    expect(judgeHost('mimysql', client, server)).toEqual({ kind: 'other' });
    // An alias the client gave it on another network does not count where they meet.
    expect(judgeHost('dblink', client, server)).toEqual({ kind: 'other' });
  });
});

describe('networkProblem and attachmentOf', () => {
  test('a user-defined bridge is right; the engine\'s own networks and other drivers are not', () => {
    expect(networkProblem({ Name: 'mired', Driver: 'bridge', Options: {} })).toBeUndefined();
    expect(networkProblem({ Name: 'bridge', Driver: 'bridge', Options: { 'com.docker.network.bridge.default_bridge': 'true' } })).toBe('default');
    expect(networkProblem({ Name: 'podman', Driver: 'bridge' })).toBe('default');
    expect(networkProblem({ Name: 'mired', Driver: 'macvlan' })).toBe('driver');
    expect(networkProblem({ Name: 'mired', Driver: 'overlay' }, 'overlay')).toBeUndefined();
  });

  test('attached, with the names given there; or where it is instead', () => {
    expect(attachmentOf(db({ bridge: {}, mired: { Aliases: ['basedatos', 'af56669b3219'] } }), 'mired')).toEqual({ kind: 'attached', names: ['midb', 'basedatos'] });
    expect(attachmentOf(db({ bridge: {} }), 'mired')).toEqual({ kind: 'defaultOnly' });
    expect(attachmentOf(db({ bridge: {}, otra: {} }), 'mired')).toEqual({ kind: 'elsewhere', networks: ['otra'] });
    expect(attachmentOf(db({ host: {} }, { NetworkMode: 'host' }), 'mired')).toEqual({ kind: 'mode', mode: 'host' });
    expect(attachmentOf(db({}, { NetworkMode: `container:${WEB_ID}` }), 'mired')).toEqual({ kind: 'mode', mode: `container:${WEB_ID}` });
  });
});

describe('publishedPorts: every way in from outside the networks', () => {
  test('nothing published', () => {
    expect(publishedPorts(container('midb', DB_ID, { mired: {} }, {}, { Ports: { '3306/tcp': null, '33060/tcp': null } }))).toEqual([]);
  });
  test('-p, configured and live, once each; -P before and after it runs; --network host', () => {
    const p = container('midb', DB_ID, { mired: {} }, { PortBindings: { '3306/tcp': [{ HostIp: '', HostPort: '3306' }] } }, { Ports: { '3306/tcp': [{ HostIp: '0.0.0.0', HostPort: '3306' }, { HostIp: '::', HostPort: '3306' }], '33060/tcp': null } });
    expect(publishedPorts(p)).toEqual(['0.0.0.0:3306 -> 3306/tcp', '[::]:3306 -> 3306/tcp']);
    expect(publishedPorts(container('midb', DB_ID, { mired: {} }, { PortBindings: { '3306/tcp': [{ HostIp: '127.0.0.1', HostPort: '3307' }] } }))).toEqual(['127.0.0.1:3307 -> 3306/tcp']);
    expect(publishedPorts(container('midb', DB_ID, { mired: {} }, { PublishAllPorts: true }))).toEqual(['-P']);
    expect(publishedPorts(container('midb', DB_ID, { mired: {} }, { PublishAllPorts: true }, { Ports: { '3306/tcp': [{ HostIp: '0.0.0.0', HostPort: '49153' }] } }))).toEqual(['0.0.0.0:49153 -> 3306/tcp']);
    expect(publishedPorts(container('midb', DB_ID, { host: {} }, { NetworkMode: 'host' }))).toEqual(['--network host']);
  });
});

// ---- the kinds, run against a fake engine

function ctxFor(containers: ContainerInspectInfo[], networks: Partial<NetworkInspectInfo>[] = [], extra: Record<string, unknown> = {}): CheckContext {
  const byName = new Map(containers.map((c) => [c.Name.slice(1), c]));
  const target = {
    inspect: async (n: string) => byName.get(n),
    forget: () => undefined,
    network: async (n: string) => networks.find((x) => x.Name === n),
    networks: async () => networks,
    containers: async () => [],
    containerNames: async () => [...byName.keys()],
    reaches: () => true,
    dialAddress: (ip: string) => ip || '127.0.0.1',
    remoteHost: undefined,
    ...extra,
  };
  return { lang: 'en', t: translator('en'), signal: new AbortController().signal, attempt: 1, options: { deep: false }, namespace: 'default', log: pino({ level: 'silent' }), docker: async () => target as never, kube: async () => ({}) as never };
}

test('docker.network: missing (naming near ones), default, wrong driver, right', async () => {
  const nets = [{ Name: 'bridge', Driver: 'bridge', Options: { 'com.docker.network.bridge.default_bridge': 'true' } }, { Name: 'mi-red', Driver: 'bridge' }, { Name: 'mired', Driver: 'macvlan' }];
  expect(await network.run(ctxFor([], nets.slice(0, 2)), { network: 'mired' })).toMatchObject({ status: 'fail', message: 'There is no network mired.', actual: 'mi-red', hint: expect.stringContaining('Did you mean mi-red?') });
  expect(await network.run(ctxFor([], nets.slice(0, 1)), { network: 'mired' })).toMatchObject({ status: 'fail', actual: 'only the default networks (bridge, host, none)', hint: expect.stringContaining('docker network create mired') });
  expect(await network.run(ctxFor([], nets), { network: 'bridge' })).toMatchObject({ status: 'fail', message: expect.stringContaining('networks Docker makes on its own') });
  expect(await network.run(ctxFor([], nets), { network: 'mired' })).toMatchObject({ status: 'fail', message: 'mired uses the macvlan driver, not bridge.' });
  const ok = await network.run(ctxFor([], [{ Name: 'mired', Driver: 'bridge', IPAM: { Config: [{ Subnet: '172.18.0.0/16' }] } }]), { network: 'mired' });
  expect(ok).toMatchObject({ status: 'pass', message: 'Network mired exists: your own, driver bridge, subnet 172.18.0.0/16.' });
});

test('docker.network-attached explains the default bridge', async () => {
  const r = await networkAttached.run(ctxFor([db({ bridge: {} })]), { container: 'midb', network: 'mired' });
  expect(r).toMatchObject({ status: 'fail', actual: 'bridge', hint: expect.stringContaining('does not answer container names') });
  expect(r.hint).toContain('docker network connect mired midb');
  const ok = await networkAttached.run(ctxFor([db({ mired: { Aliases: ['basedatos'] } })]), { container: 'midb', network: 'mired' });
  expect(ok).toMatchObject({ status: 'pass', message: 'midb is on mired, where it answers to midb, basedatos.', actual: 'mired (basedatos)' });
});

describe('docker.env-names-container', () => {
  const params = { container: 'miweb', var: 'WORDPRESS_DB_HOST', server: 'midb', port: 3306, network: 'mired' };
  const withHost = (c: ContainerInspectInfo, value: string) => ({ ...c, Config: { Env: [`WORDPRESS_DB_HOST=${value}`] } }) as ContainerInspectInfo;
  const server = db({ mired: { Aliases: ['af56669b3219'], IPAddress: '172.18.0.2' } });
  const client = web({ mired: {} });

  test.each([['midb'], ['midb:3306']])('%s passes', async (value) => {
    expect(await envNamesContainer.run(ctxFor([withHost(client, value), server]), params)).toMatchObject({ status: 'pass', message: `${value.split(':')[0]} is midb on network mired: Docker's DNS there resolves it for miweb.` });
  });

  test('the IP breaks on restart; another port; the default bridge', async () => {
    const ip = await envNamesContainer.run(ctxFor([withHost(client, '172.18.0.2:3306'), server]), params);
    expect(ip).toMatchObject({ status: 'fail', message: "172.18.0.2 is midb's IP address on network mired.", hint: expect.stringContaining('restarts or is recreated') });
    expect(await envNamesContainer.run(ctxFor([withHost(client, 'midb:3307'), server]), params)).toMatchObject({ status: 'fail', message: 'The port is 3307, but midb listens on 3306.' });
    const bridge = await envNamesContainer.run(ctxFor([withHost(web({ bridge: {} }), 'midb'), db({ bridge: {} })]), params);
    expect(bridge).toMatchObject({ status: 'fail', message: 'miweb and midb share only the default bridge network, where midb does not resolve.', hint: expect.stringContaining('docker network create mired') });
    expect(await envNamesContainer.run(ctxFor([web({ mired: {} }), server]), params)).toMatchObject({ status: 'fail', message: 'WORDPRESS_DB_HOST is not set.' });
  });
});

test('docker.not-published names what is open', async () => {
  const open = container('midb', DB_ID, { mired: {} }, { PortBindings: { '3306/tcp': [{ HostIp: '', HostPort: '3306' }] } });
  expect(await notPublished.run(ctxFor([open]), { container: 'midb' })).toMatchObject({ status: 'fail', message: 'midb publishes 0.0.0.0:3306 -> 3306/tcp on the host.', hint: expect.stringContaining('anyone who can reach this machine') });
  expect(await notPublished.run(ctxFor([db({ mired: {} })]), { container: 'midb' })).toMatchObject({ status: 'pass' });
});

describe('http.get backends: "no database" while the database starts is asked again, not failed at once', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((_, res) => res.writeHead(500).end('<p class="wp-die-message">Error establishing a database connection</p>'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const site = (startedAgoMs: number) => {
    const c = container('miweb', WEB_ID, { mired: {} }, {}, { Ports: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } });
    (c.State as { StartedAt: string }).StartedAt = new Date(Date.now() - startedAgoMs).toISOString();
    return c;
  };
  const dbStarted = (agoMs: number) => {
    const c = db({ mired: {} });
    (c.State as { StartedAt: string }).StartedAt = new Date(Date.now() - agoMs).toISOString();
    return c;
  };
  const params = { container: 'miweb', port: '80/tcp', path: '/', accept: [{ status: [200, 301, 302], bodyExcludes: 'Error establishing a database connection' }], backends: [{ container: 'midb', readyLog: 'ready for connections\\.\\s+Version: .*port: 3306' }] };
  const logs = (text: string) => ({ logTail: async () => text });

  test('a database that started moments ago and has not said it is ready: not yet (asked again, not graded if still so)', async () => {
    expect(await httpGetPublished.run(ctxFor([site(600_000), dbStarted(2_000)], [], logs("[Note] mariadbd: ready for connections.\nVersion: '10.11.6-MariaDB'  socket: '/run/mysqld/mysqld.sock'  port: 0  Debian 12")), params)).toMatchObject({ status: 'fail', retry: true, starting: true });
  });
  test('a database that started moments ago but says it is ready: the answer is the verdict', async () => {
    const r = await httpGetPublished.run(ctxFor([site(600_000), dbStarted(2_000)], [], logs("[Note] mariadbd: ready for connections.\nVersion: '10.11.6-MariaDB'  socket: '/run/mysqld/mysqld.sock'  port: 3306  Debian 12")), params);
    expect(r.status).toBe('fail');
    expect(r.retry).toBeUndefined();
  });
  test('a database up for long: the answer is the verdict', async () => {
    const r = await httpGetPublished.run(ctxFor([site(600_000), dbStarted(600_000)]), params);
    expect(r.status).toBe('fail');
    expect(r.retry).toBeUndefined();
    // Without backends nothing changes from before.
    expect((await httpGetPublished.run(ctxFor([site(2_000), dbStarted(2_000)]), { ...params, backends: undefined })).retry).toBeUndefined();
  });
  test('a backend that does not exist: the site\'s own start stands in', async () => {
    // Nothing to read logs of: only time tells.
    expect((await httpGetPublished.run(ctxFor([site(2_000)]), params)).retry).toBe(true);
    expect((await httpGetPublished.run(ctxFor([site(600_000)]), params)).retry).toBeUndefined();
  });
});

import { hostRoute } from '../../src/checks/docker/env-host-address.js';

/** How a DB host value reaches the engine's host (docker.env-host-address). */
// Documentation addresses: no interface of the machine running the test has them.
const gateways = async () => ['198.51.100.1', '198.51.100.129'];
const route = (host: string, extraHosts: string[] = []) => hostRoute(host, extraHosts, '127.0.0.1', gateways);

test('the host by name: Docker Desktop and Podman names, the engine host', async () => {
  expect(await route('host.docker.internal')).toBe('host');
  expect(await route('host.containers.internal')).toBe('host');
  expect(await route('127.0.0.1')).toBe('host');
});

test('host-gateway and a bridge gateway reach the host through a Docker network', async () => {
  expect(await route('host.docker.internal', ['host.docker.internal:host-gateway'])).toBe('gateway');
  expect(await route('dbhost', ['dbhost=host-gateway'])).toBe('gateway');
  expect(await route('198.51.100.129')).toBe('gateway');
});

test('a name mapped to an address is judged by that address, IPv6 included', async () => {
  expect(await route('host.docker.internal', ['host.docker.internal:198.51.100.1'])).toBe('gateway');
  expect(await route('db', ['db:2001:db8::5'])).toBeUndefined();
  expect(await route('db', ['db:127.0.0.1'])).toBe('host');
  expect(await route('db', ['other:127.0.0.1'])).toBeUndefined();
  expect(await route('203.0.113.9')).toBeUndefined();
});

import type { ContainerInspectInfo } from 'dockerode';
import { onRefused, startingUp } from '../../src/checks/docker/container.js';
import { dialledBinding, publishedEndpoint, showBinding, unreachableBinding, type Binding } from '../../src/targets/docker-inspect.js';
import { DockerTarget } from '../../src/targets/docker.js';

// `docker inspect` of a running container: the live bindings (NetworkSettings.Ports) and the configured ones.
const b = (HostIp: string, HostPort: string): Binding => ({ HostIp, HostPort });
const running = (live: Binding[], configured: Binding[] = live) =>
  ({ HostConfig: { PortBindings: { '3306/tcp': configured } }, NetworkSettings: { Ports: { '3306/tcp': live } } }) as unknown as ContainerInspectInfo;
const created = (configured: Binding[]) =>
  ({ HostConfig: { PortBindings: { '3306/tcp': configured } }, NetworkSettings: { Ports: {} } }) as unknown as ContainerInspectInfo;

// The engine as seen from the host, and from the grader's own container on a bridge.
const onHost = new DockerTarget({} as never, '127.0.0.1');
const inContainer = new DockerTarget({} as never, '172.17.0.1', undefined, false);

describe('the binding that is graded is the one that is dialled', () => {
  test('-p 3306:3306: all interfaces, IPv4 and IPv6, dialled on this machine', () => {
    const info = running([b('0.0.0.0', '3306'), b('::', '3306')], [b('', '3306')]);
    expect(publishedEndpoint(onHost, info, '3306/tcp', 3306)).toEqual({ host: '127.0.0.1', port: 3306 });
    expect(publishedEndpoint(inContainer, info, '3306/tcp', 3306)).toEqual({ host: '172.17.0.1', port: 3306 });
  });

  test('-p 3307:3306 -p 3306:3306: the port the lab asks for, not the first', () => {
    const info = running([b('0.0.0.0', '3307'), b('::', '3307'), b('0.0.0.0', '3306'), b('::', '3306')]);
    expect(publishedEndpoint(onHost, info, '3306/tcp', 3306)).toEqual({ host: '127.0.0.1', port: 3306 });
    // Without a hostPort in the spec, the first binding, as before.
    expect(publishedEndpoint(onHost, info, '3306/tcp')).toEqual({ host: '127.0.0.1', port: 3307 });
  });

  test('only another host port: that one is dialled (port-published fails on its own)', () => {
    expect(publishedEndpoint(onHost, running([b('0.0.0.0', '3307')]), '3306/tcp', 3306)).toEqual({ host: '127.0.0.1', port: 3307 });
  });

  test('-p <host-IP>:3306:3306: at that address', () => {
    expect(publishedEndpoint(onHost, running([b('192.168.1.20', '3306')]), '3306/tcp', 3306)).toEqual({ host: '192.168.1.20', port: 3306 });
    expect(publishedEndpoint(inContainer, running([b('192.168.1.20', '3306')]), '3306/tcp', 3306)).toEqual({ host: '192.168.1.20', port: 3306 });
  });

  test('IPv6: [::] only is dialled on ::1, [::1] and an IPv6 address as they are', () => {
    expect(publishedEndpoint(onHost, running([b('::', '3306')]), '3306/tcp', 3306)).toEqual({ host: '::1', port: 3306 });
    expect(publishedEndpoint(inContainer, running([b('::', '3306')]), '3306/tcp', 3306)).toEqual({ host: '172.17.0.1', port: 3306 });
    expect(publishedEndpoint(onHost, running([b('::1', '3306')]), '3306/tcp', 3306)).toEqual({ host: '::1', port: 3306 });
    expect(publishedEndpoint(onHost, running([b('fd00::2', '3306')]), '3306/tcp', 3306)).toEqual({ host: 'fd00::2', port: 3306 });
  });

  test('loopback bindings: dialled on the host; from a container, a reachable binding wins, else it is out of reach', () => {
    const loopback = running([b('127.0.0.1', '3306')]);
    expect(publishedEndpoint(onHost, loopback, '3306/tcp', 3306)).toEqual({ host: '127.0.0.1', port: 3306 });
    expect(unreachableBinding(onHost, loopback, '3306/tcp', 3306)).toBeUndefined();
    expect(unreachableBinding(inContainer, loopback, '3306/tcp', 3306)).toBe('127.0.0.1');
    expect(unreachableBinding(inContainer, running([b('::1', '3306')]), '3306/tcp', 3306)).toBe('::1');
    const both = running([b('127.0.0.1', '3306'), b('192.168.1.20', '3306')]);
    expect(unreachableBinding(inContainer, both, '3306/tcp', 3306)).toBeUndefined();
    expect(publishedEndpoint(inContainer, both, '3306/tcp', 3306)).toEqual({ host: '192.168.1.20', port: 3306 });
    // The first binding is loopback, the one asked for is not: nothing is out of reach.
    const two = running([b('127.0.0.1', '3307'), b('0.0.0.0', '3306')]);
    expect(unreachableBinding(inContainer, two, '3306/tcp', 3306)).toBeUndefined();
    expect(unreachableBinding(inContainer, two, '3306/tcp')).toBeUndefined();
  });

  test('a created-only container has only its configured bindings; an unpublished port has none', () => {
    expect(dialledBinding(onHost, created([b('', '3306')]), '3306/tcp', 3306)).toEqual({ binding: b('', '3306'), reachable: true });
    expect(publishedEndpoint(onHost, created([]), '3306/tcp', 3306)).toBeUndefined();
    expect(publishedEndpoint(onHost, running([b('0.0.0.0', '')]), '3306/tcp', 3306)).toBeUndefined();
  });

  test('bindings are shown as docker port shows them', () => {
    expect([b('', '3306'), b('0.0.0.0', '3306'), b('::', '3306'), b('::1', '3306'), b('10.0.0.2', '')].map(showBinding))
      .toEqual(['0.0.0.0:3306', '0.0.0.0:3306', '[::]:3306', '[::1]:3306', '10.0.0.2:?']);
  });
});

describe('startingUp: when "connection refused" means "not yet"', () => {
  const now = Date.parse('2026-12-01T10:00:00Z');
  const state = (s: object) => ({ State: { Running: true, Paused: false, Restarting: false, StartedAt: '2026-12-01T09:59:50Z', ...s } }) as unknown as ContainerInspectInfo;
  test.each([
    ['started 10 s ago', {}, true],
    ['started 10 min ago', { StartedAt: '2026-12-01T09:50:00Z' }, false],
    ['its healthcheck still starting, whatever its age', { StartedAt: '2026-12-01T09:00:00Z', Health: { Status: 'starting' } }, true],
    ['unhealthy, however young', { Health: { Status: 'unhealthy' } }, false],
    ['stopped', { Running: false }, false],
    ['paused', { Paused: true }, false],
    ['restarting', { Restarting: true }, false],
    ['no start time', { StartedAt: '0001-01-01T00:00:00Z' }, false],
  ])('%s → %s', (_, s, expected) => {
    expect(startingUp(state(s), now)).toBe(expected);
  });
});

describe('onRefused: a refused connection is "not yet", "look again" or the answer', () => {
  const old = '2020-01-01T00:00:00Z';
  const state = (s: object) => ({ State: { Running: true, Paused: false, Restarting: false, StartedAt: new Date().toISOString(), ...s } }) as unknown as ContainerInspectInfo;
  test.each([
    ['a container that just started: still starting', {}, { retry: true, starting: true }],
    ['one long up: the answer, at once', { StartedAt: old }, {}],
    ['one stopped under the check (its engine going away): look again', { Running: false, StartedAt: old }, { retry: true }],
    ['one restarting by its policy: look again', { Restarting: true, StartedAt: old }, { retry: true }],
  ])('%s', (_, s, expected) => {
    expect(onRefused(state(s))).toEqual(expected);
  });
});

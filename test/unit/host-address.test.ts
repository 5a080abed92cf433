import { defaultGateway, hostView, type HostProbe } from '../../src/targets/host-address.js';

// /proc/net/route as the kernel writes it inside a container on Docker's default bridge.
const ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t010011AC\t0003\t0\t0\t0\t00000000\t0\t0\t0
eth0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
`;

function probe(files: Record<string, string>, interfaces = ['lo', 'eth0']): HostProbe {
  return {
    exists: (path) => path in files,
    read: (path) => {
      if (!(path in files)) throw new Error(`ENOENT ${path}`);
      return files[path];
    },
    interfaces: () => interfaces,
  };
}

describe('where published ports are dialled', () => {
  test('on the host itself: 127.0.0.1, loopback bindings included', () => {
    expect(hostView({}, probe({ '/proc/net/route': ROUTE }, ['lo', 'eth0', 'docker0']))).toEqual({ host: '127.0.0.1', loopback: true });
  });

  test('in a container on a bridge network: the default gateway, and the host loopback is out of reach', () => {
    expect(hostView({}, probe({ '/.dockerenv': '', '/proc/net/route': ROUTE }))).toEqual({ host: '172.17.0.1', loopback: false });
    expect(hostView({}, probe({ '/run/.containerenv': '', '/proc/net/route': ROUTE }))).toEqual({ host: '172.17.0.1', loopback: false });
  });

  test('in a container with --network host (docker0 is visible): the host loopback', () => {
    expect(hostView({}, probe({ '/.dockerenv': '', '/proc/net/route': ROUTE }, ['lo', 'eth0', 'docker0']))).toEqual({ host: '127.0.0.1', loopback: true });
  });

  test('LAB_GRADER_HOST wins over everything, a tcp DOCKER_HOST over the gateway', () => {
    const container = probe({ '/.dockerenv': '', '/proc/net/route': ROUTE });
    expect(hostView({ LAB_GRADER_HOST: '10.1.2.3', DOCKER_HOST: 'tcp://192.0.2.9:2375' }, container).host).toBe('10.1.2.3');
    expect(hostView({ DOCKER_HOST: 'tcp://192.0.2.9:2375' }, container).host).toBe('192.0.2.9');
    expect(hostView({ DOCKER_HOST: 'unix:///var/run/docker.sock' }, container).host).toBe('172.17.0.1');
  });

  test('no default route (--network none): falls back to 127.0.0.1', () => {
    expect(defaultGateway(probe({ '/proc/net/route': ROUTE.split('\n').filter((l) => !l.startsWith('eth0\t00000000')).join('\n') }))).toBeUndefined();
    expect(hostView({}, probe({ '/.dockerenv': '' })).host).toBe('127.0.0.1');
  });
});

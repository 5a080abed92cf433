import { containerId, defaultGateway, hostView, type HostProbe, type SelfContainer } from '../../src/targets/host-address.js';

// /proc/net/route as the kernel writes it inside a container on Docker's default bridge.
const ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t010011AC\t0003\t0\t0\t0\t00000000\t0\t0\t0
eth0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
`;
const ID = 'a3f9c1e2'.repeat(8);
// The line of /proc/self/mountinfo that gives a Docker container away.
const MOUNTINFO = `612 590 8:1 /var/lib/docker/containers/${ID}/hostname /etc/hostname rw,relatime - ext4 /dev/sda1 rw\n`;

function probe(files: Record<string, string>, name = 'laptop'): HostProbe {
  return {
    exists: (path) => path in files,
    read: (path) => {
      if (!(path in files)) throw new Error(`ENOENT ${path}`);
      return files[path];
    },
    hostname: () => name,
  };
}

/** The engine's answer about one container id; records what was asked. */
function engine(known: Record<string, SelfContainer>) {
  const asked: string[] = [];
  return { asked, inspect: async (id: string) => (asked.push(id), known[id]) };
}

const inContainer = { '/.dockerenv': '', '/proc/self/mountinfo': MOUNTINFO, '/proc/net/route': ROUTE };

describe('where published ports are dialled', () => {
  test('on a host: 127.0.0.1, loopback bindings included, and the engine is not asked', async () => {
    const e = engine({});
    expect(await hostView({}, e.inspect, probe({ '/proc/net/route': ROUTE }))).toEqual({ host: '127.0.0.1', loopback: true, inEngine: false });
    expect(e.asked).toEqual([]);
  });

  test('in a container of this engine on a bridge: its gateway, and the host loopback is out of reach', async () => {
    const e = engine({ [ID]: { networkMode: 'bridge', gateway: '172.17.0.1' } });
    expect(await hostView({}, e.inspect, probe(inContainer))).toEqual({ host: '172.17.0.1', loopback: false, inEngine: true });
    expect(e.asked).toEqual([ID]);
  });

  test('on a network without a gateway in the inspect: the default route', async () => {
    const e = engine({ [ID]: { networkMode: 'container:abc' } });
    expect(await hostView({}, e.inspect, probe(inContainer))).toEqual({ host: '172.17.0.1', loopback: false, inEngine: true });
  });

  test('with --network host: the host loopback', async () => {
    const e = engine({ [ID]: { networkMode: 'host' } });
    expect(await hostView({}, e.inspect, probe(inContainer))).toEqual({ host: '127.0.0.1', loopback: true, inEngine: true });
  });

  test('the id falls back to the hostname (podman, other mount layouts)', async () => {
    const e = engine({ c0ffee123456: { networkMode: 'bridge', gateway: '10.0.5.1' } });
    expect(await hostView({}, e.inspect, probe({ '/run/.containerenv': '' }, 'c0ffee123456'))).toEqual({ host: '10.0.5.1', loopback: false, inEngine: true });
  });

  test('in a container the engine does not know (a sandbox, a VM image): as on a host', async () => {
    const e = engine({});
    expect(await hostView({}, e.inspect, probe(inContainer, 'sandbox'))).toEqual({ host: '127.0.0.1', loopback: true, inEngine: false });
    expect(e.asked).toEqual([ID, 'sandbox']);
  });

  test("a remote engine's ports live on its host, and its loopback is out of reach unless it is this machine's", async () => {
    const e = engine({});
    const p = probe({ '/proc/net/route': ROUTE });
    expect(await hostView({}, e.inspect, p, '10.0.0.5')).toEqual({ host: '10.0.0.5', loopback: false, inEngine: false });
    expect(await hostView({}, e.inspect, p, '127.0.0.1')).toEqual({ host: '127.0.0.1', loopback: true, inEngine: false });
    expect(await hostView({ DOCKER_HOST: 'tcp://192.0.2.9:2375' }, e.inspect, p, null)).toEqual({ host: '127.0.0.1', loopback: true, inEngine: false });
    expect(await hostView({ DOCKER_HOST: 'ssh://ana@192.0.2.9' }, e.inspect, p)).toEqual({ host: '192.0.2.9', loopback: false, inEngine: false });
  });

  test('LAB_GRADER_HOST wins over everything, a tcp DOCKER_HOST over the gateway', async () => {
    const e = engine({ [ID]: { networkMode: 'bridge', gateway: '172.17.0.1' } });
    const p = probe(inContainer);
    expect(await hostView({ LAB_GRADER_HOST: '10.1.2.3', DOCKER_HOST: 'tcp://192.0.2.9:2375' }, e.inspect, p)).toEqual({ host: '10.1.2.3', loopback: false, inEngine: true });
    expect((await hostView({ DOCKER_HOST: 'tcp://192.0.2.9:2375' }, e.inspect, p)).host).toBe('192.0.2.9');
    expect((await hostView({ DOCKER_HOST: 'unix:///var/run/docker.sock' }, e.inspect, p)).host).toBe('172.17.0.1');
  });
});

test('the readers of /proc', () => {
  expect(containerId(probe({ '/proc/self/mountinfo': MOUNTINFO }))).toBe(ID);
  expect(containerId(probe({}))).toBeUndefined();
  expect(defaultGateway(probe({ '/proc/net/route': ROUTE }))).toBe('172.17.0.1');
  expect(defaultGateway(probe({ '/proc/net/route': ROUTE.split('\n').filter((l) => !l.startsWith('eth0\t00000000')).join('\n') }))).toBeUndefined();
});

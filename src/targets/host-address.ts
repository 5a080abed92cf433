import { existsSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';

/** How this process reaches the ports the engine publishes on its host. */
export interface HostView {
  /** The address to dial for a port published on all interfaces. */
  host: string;
  /** Whether a port published on the host's loopback only (-p 127.0.0.1:…) can be dialled from here. */
  loopback: boolean;
}

export interface HostProbe {
  exists(path: string): boolean;
  read(path: string): string;
  interfaces(): string[];
}

const realProbe: HostProbe = {
  exists: existsSync,
  read: (path) => readFileSync(path, 'utf8'),
  interfaces: () => Object.keys(networkInterfaces()),
};

/**
 * LAB_GRADER_HOST wins, then a tcp DOCKER_HOST's host. Inside a container with a network of its
 * own (the grader's image, without --network host), 127.0.0.1 is the container itself: the host is
 * its default gateway, and the host's loopback cannot be reached at all.
 */
export function hostView(env: NodeJS.ProcessEnv = process.env, probe: HostProbe = realProbe): HostView {
  const ownNetwork = inContainer(probe) && !probe.interfaces().includes('docker0');
  const tcp = /^(?:tcp|https?):\/\/\[?([^\]/:]+)\]?/.exec(env.DOCKER_HOST ?? '');
  const host = env.LAB_GRADER_HOST || tcp?.[1] || (ownNetwork ? defaultGateway(probe) : undefined) || '127.0.0.1';
  return { host, loopback: !ownNetwork };
}

const inContainer = (probe: HostProbe): boolean => probe.exists('/.dockerenv') || probe.exists('/run/.containerenv');

/** The IPv4 default gateway from /proc/net/route, whose addresses are little-endian hex. */
export function defaultGateway(probe: Pick<HostProbe, 'read'>): string | undefined {
  let table: string;
  try {
    table = probe.read('/proc/net/route');
  } catch {
    return undefined;
  }
  for (const line of table.split('\n').slice(1)) {
    const [, destination, gateway, , , , , mask] = line.trim().split(/\s+/);
    if (destination === '00000000' && mask === '00000000' && gateway && gateway !== '00000000') {
      return [6, 4, 2, 0].map((i) => parseInt(gateway.slice(i, i + 2), 16)).join('.');
    }
  }
  return undefined;
}

export const isLoopback = (ip: string): boolean => ip.startsWith('127.') || ip === '::1' || ip === 'localhost';

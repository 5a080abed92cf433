import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { ContainerInspectInfo } from 'dockerode';

/** How this process reaches the ports the engine publishes on its host. */
export interface HostView {
  /** The address to dial for a port published on all interfaces. */
  host: string;
  /** Whether a port published on the host's loopback only (-p 127.0.0.1:…) can be dialled from here. */
  loopback: boolean;
  /** This process runs in a container of the very engine it grades (the grader's image). */
  inEngine: boolean;
}

/** What the engine says about the container this process runs in. */
export interface SelfContainer {
  networkMode: string;
  gateway?: string;
}

export interface HostProbe {
  exists(path: string): boolean;
  read(path: string): string;
  hostname(): string;
}

const realProbe: HostProbe = { exists: existsSync, read: (path) => readFileSync(path, 'utf8'), hostname };

/** Set in the grader's own image (Dockerfile). */
export const inGraderImage = (env: NodeJS.ProcessEnv = process.env): boolean => env.LAB_GRADER_CONTAINER === '1';

/**
 * LAB_GRADER_HOST wins, then the host of a remote engine (tcp://, ssh://), whose published ports
 * live there. A process in a container of this very engine with a network of its own (the
 * grader's image without --network host) reaches the host through its gateway, and the host's
 * 127.0.0.1 not at all. Anywhere else: 127.0.0.1. A remote engine's loopback is out of reach
 * too, unless that engine is on this machine's loopback.
 */
export async function hostView(
  env: NodeJS.ProcessEnv,
  inspectSelf: (id: string) => Promise<SelfContainer | undefined>,
  probe: HostProbe = realProbe,
  remote: string | null = remoteOfEnv(env),
): Promise<HostView> {
  const inContainer = inGraderImage(env) || probe.exists('/.dockerenv') || probe.exists('/run/.containerenv');
  let self: SelfContainer | undefined;
  // Only a container pays for the lookup; its id is in the source of the /etc/hostname mount.
  for (const id of inContainer ? new Set([containerId(probe), probe.hostname()]) : []) {
    if (id && (self = await inspectSelf(id))) break;
  }
  const ownNetwork = !!self && self.networkMode !== 'host';
  const gateway = ownNetwork ? self?.gateway || defaultGateway(probe) : undefined;
  const remoteLoopback = !remote || isLoopback(remote);
  return { host: env.LAB_GRADER_HOST || remote || gateway || '127.0.0.1', loopback: !ownNetwork && remoteLoopback, inEngine: !!self };
}

/** The host of a tcp:// or ssh:// DOCKER_HOST. */
function remoteOfEnv(env: NodeJS.ProcessEnv): string | null {
  return /^(?:tcp|https?|ssh):\/\/(?:[^@/]+@)?\[?([^\]/:]+)\]?/.exec(env.DOCKER_HOST ?? '')?.[1] ?? null;
}

export function selfOf(info: ContainerInspectInfo): SelfContainer {
  const gateway = Object.values(info.NetworkSettings.Networks ?? {}).find((n) => n.Gateway)?.Gateway;
  return { networkMode: info.HostConfig.NetworkMode ?? '', gateway: gateway || undefined };
}

/** Docker mounts /etc/hostname from /var/lib/docker/containers/<id>/hostname. */
export function containerId(probe: Pick<HostProbe, 'read'>): string | undefined {
  try {
    return /\/containers\/([0-9a-f]{64})\//.exec(probe.read('/proc/self/mountinfo'))?.[1];
  } catch {
    return undefined;
  }
}

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

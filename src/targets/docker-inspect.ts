// Pure readers of `docker inspect` output, kept apart from dockerode so that loading a
// check kind does not load the Docker client.
import type { ContainerInspectInfo } from 'dockerode';
import type { DockerTarget } from './docker.js';

/** Strip Docker's 8-byte stream headers from a non-TTY log buffer. */
export function demux(buf: Buffer): string {
  if (buf.length < 8 || buf[0] > 2 || buf[1] !== 0) return buf.toString('utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i + 8 <= buf.length; ) {
    const size = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

export function envOf(info: ContainerInspectInfo): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of info.Config.Env ?? []) {
    const eq = entry.indexOf('=');
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

export interface Binding { HostIp: string; HostPort: string }

/** Host bindings of a container port such as `3306/tcp`. */
export function bindingsOf(info: ContainerInspectInfo, containerPort: string): Binding[] {
  const ports = info.HostConfig.PortBindings as Record<string, Binding[] | null> | undefined;
  const live = info.NetworkSettings?.Ports as Record<string, Binding[] | null> | undefined;
  // Prefer the live ports of a running container (a random host port is known only there);
  // a created-only or stopped one has only its configured bindings.
  return (live?.[containerPort] ?? ports?.[containerPort] ?? []).filter(Boolean);
}

/** Whether a binding's HostIp means every interface (`-p 3306:3306`, `0.0.0.0`, `[::]`). */
export const allInterfaces = (hostIp: string | undefined): boolean => !hostIp || hostIp === '0.0.0.0' || hostIp === '::';

/**
 * The binding a check dials: one on `hostPort` (the port the lab asks for) when there is one,
 * else any; among those, the first this process can reach.
 */
export function dialledBinding(target: Pick<DockerTarget, 'reaches'>, info: ContainerInspectInfo, containerPort: string, hostPort?: number): { binding: Binding; reachable: boolean } | undefined {
  const all = bindingsOf(info, containerPort).filter((b) => b.HostPort);
  const onPort = hostPort === undefined ? [] : all.filter((b) => Number(b.HostPort) === hostPort);
  const candidates = onPort.length ? onPort : all;
  const reachable = candidates.find((b) => target.reaches(b.HostIp));
  if (reachable) return { binding: reachable, reachable: true };
  return candidates[0] ? { binding: candidates[0], reachable: false } : undefined;
}

/** Where the container's HTTP or MySQL port can be dialled from this machine, via its published port. */
export function publishedEndpoint(target: Pick<DockerTarget, 'dialAddress' | 'reaches'>, info: ContainerInspectInfo, containerPort: string, hostPort?: number): { host: string; port: number } | undefined {
  const dialled = dialledBinding(target, info, containerPort, hostPort);
  if (!dialled) return undefined;
  return { host: target.dialAddress(dialled.binding.HostIp), port: Number(dialled.binding.HostPort) };
}

/** The HostIp of the published port a check would dial when it cannot be dialled from here (the host's loopback, seen from a container). */
export function unreachableBinding(target: Pick<DockerTarget, 'reaches'>, info: ContainerInspectInfo, containerPort: string, hostPort?: number): string | undefined {
  const dialled = dialledBinding(target, info, containerPort, hostPort);
  return dialled && !dialled.reachable ? dialled.binding.HostIp || '0.0.0.0' : undefined;
}

/** A binding as `docker port` prints it: `0.0.0.0:3306`, `[::1]:3306`. */
export const showBinding = (b: Binding): string => {
  const ip = b.HostIp || '0.0.0.0';
  return `${ip.includes(':') ? `[${ip}]` : ip}:${b.HostPort || '?'}`;
};

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

/** Host bindings of a container port such as `3306/tcp`. */
export function bindingsOf(info: ContainerInspectInfo, containerPort: string): { HostIp: string; HostPort: string }[] {
  const ports = info.HostConfig.PortBindings as Record<string, { HostIp: string; HostPort: string }[] | null> | undefined;
  const live = info.NetworkSettings.Ports as Record<string, { HostIp: string; HostPort: string }[] | null> | undefined;
  // Prefer the live ports of a running container; a created-only one has only its configured bindings.
  return (live?.[containerPort] ?? ports?.[containerPort] ?? []).filter(Boolean);
}

/** Where the container's HTTP or MySQL port can be dialled from this machine, via its published port. */
export function publishedEndpoint(target: Pick<DockerTarget, 'dialAddress'>, info: ContainerInspectInfo, containerPort: string): { host: string; port: number } | undefined {
  const binding = bindingsOf(info, containerPort)[0];
  if (!binding?.HostPort) return undefined;
  return { host: target.dialAddress(binding.HostIp), port: Number(binding.HostPort) };
}

/** The HostIp of a published port that cannot be dialled from here (the host's loopback, seen from a container). */
export function unreachableBinding(target: Pick<DockerTarget, 'reaches'>, info: ContainerInspectInfo, containerPort: string): string | undefined {
  const binding = bindingsOf(info, containerPort)[0];
  return binding?.HostPort && !target.reaches(binding.HostIp) ? binding.HostIp : undefined;
}

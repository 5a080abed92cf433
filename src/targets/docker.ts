import Docker from 'dockerode';
import type { ContainerInfo, ContainerInspectInfo } from 'dockerode';
import { UserError } from '../errors.js';
import type { Translator } from '../i18n/index.js';

/**
 * The student's Docker engine, reached the way the docker CLI does (DOCKER_HOST,
 * else the default socket). Inspects are cached for the run: one per container.
 */
export class DockerTarget {
  private readonly inspects = new Map<string, Promise<ContainerInspectInfo | undefined>>();
  private list?: Promise<ContainerInfo[]>;

  constructor(
    readonly docker: Docker,
    /** Where published ports are reached from this machine when bound to all interfaces. */
    readonly engineHost: string,
  ) {}

  static async connect(t: Translator, env: NodeJS.ProcessEnv = process.env): Promise<DockerTarget> {
    const endpoint = env.DOCKER_HOST || 'unix:///var/run/docker.sock';
    let docker: Docker;
    try {
      docker = new Docker();
    } catch (err) {
      throw new UserError(t('docker.badHost', { endpoint, reason: (err as Error).message }), err);
    }
    try {
      await docker.ping();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const key = code === 'EACCES' ? 'docker.permission' : 'docker.unreachable';
      throw new UserError(t(key, { endpoint, reason: code ?? (err as Error).message }), err);
    }
    const tcp = /^(?:tcp|https?):\/\/\[?([^\]/:]+)\]?/.exec(endpoint);
    return new DockerTarget(docker, tcp ? tcp[1] : '127.0.0.1');
  }

  /** The container's inspect, or undefined when no container has that name. */
  inspect(name: string): Promise<ContainerInspectInfo | undefined> {
    let pending = this.inspects.get(name);
    if (!pending) {
      pending = this.docker.getContainer(name).inspect().catch((err: { statusCode?: number }) => {
        if (err.statusCode === 404) return undefined;
        throw err;
      });
      this.inspects.set(name, pending);
    }
    return pending;
  }

  /** Forget a cached inspect after the grader itself changed that container (--deep). */
  forget(name: string): void {
    this.inspects.delete(name);
    this.list = undefined;
  }

  /** Every container, running or not: one list per run. */
  containers(): Promise<ContainerInfo[]> {
    this.list ??= this.docker.listContainers({ all: true });
    return this.list;
  }

  async containerNames(): Promise<string[]> {
    return (await this.containers()).flatMap((c) => c.Names.map((n) => n.replace(/^\//, '')));
  }

  async logTail(name: string, lines: number): Promise<string> {
    const buf = (await this.docker.getContainer(name).logs({ stdout: true, stderr: true, tail: lines })) as unknown as Buffer;
    return demux(buf).trimEnd();
  }

  /** The address to dial for a published port whose binding has this HostIp. */
  dialAddress(hostIp: string | undefined): string {
    if (!hostIp || hostIp === '0.0.0.0' || hostIp === '::') return this.engineHost;
    return hostIp;
  }
}

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
export function publishedEndpoint(target: DockerTarget, info: ContainerInspectInfo, containerPort: string): { host: string; port: number } | undefined {
  const binding = bindingsOf(info, containerPort)[0];
  if (!binding?.HostPort) return undefined;
  return { host: target.dialAddress(binding.HostIp), port: Number(binding.HostPort) };
}

import { lookup } from 'node:dns/promises';
import type Docker from 'dockerode';
import type { ContainerInfo, ContainerInspectInfo, ImageInspectInfo, NetworkInspectInfo } from 'dockerode';
import { errorCode, errorReason, UserError } from '../errors.js';
import { demux } from './docker-inspect.js';
import { hostView, isLoopback, selfOf } from './host-address.js';
import { DEFAULT_SOCKET, remoteHostOf, type DockerEndpoint, type EndpointOptions } from './docker-endpoint.js';
import { client, describeEndpoint, resolveOrExplain } from './docker-client.js';
import type { Translator } from '../i18n/index.js';

/** `docker top`'s answer: column titles and one row per process. */
export interface ContainerTop { Titles?: string[] | null; Processes?: string[][] | null }

/** One step of `docker history`: `<missing>` Ids for steps whose image is not kept locally (BuildKit, pulled layers). */
export interface ImageHistoryEntry { Id: string; Created: number; CreatedBy: string; Tags?: string[] | null; Size: number; Comment?: string }

/** The archive API's stat of a path (`X-Docker-Container-Path-Stat`). */
export interface PathStat { name: string; size: number; mode: number; mtime?: string; linkTarget?: string }

/**
 * The student's Docker engine, reached the way the docker CLI does (docker-endpoint.ts:
 * --docker-host, --docker-context, DOCKER_HOST, DOCKER_CONTEXT, the current context). Inspects are cached for the run: one per container.
 */
export class DockerTarget {
  private readonly inspects = new Map<string, Promise<ContainerInspectInfo | undefined>>();
  private readonly images = new Map<string, Promise<ImageInspectInfo | undefined>>();
  private readonly nets = new Map<string, Promise<NetworkInspectInfo | undefined>>();
  private readonly tops = new Map<string, Promise<ContainerTop>>();
  private readonly histories = new Map<string, Promise<ImageHistoryEntry[] | undefined>>();
  private list?: Promise<ContainerInfo[]>;
  private netList?: Promise<NetworkInspectInfo[]>;

  constructor(
    readonly docker: Docker,
    /** Where published ports are reached from this machine when bound to all interfaces. */
    readonly engineHost: string,
    /** The error to report when the engine stops answering in the middle of a run. */
    private readonly lost: (err: unknown) => Error = (err) => err as Error,
    /** False inside a container with its own network: the host's 127.0.0.1 is out of reach. */
    readonly loopbackReachable = true,
  ) {}

  /** The endpoint this target talks to, and why it was chosen (for `lab doctor`). */
  endpoint: DockerEndpoint = { host: DEFAULT_SOCKET, source: 'default', context: 'default' };

  /** The engine's host when it is another machine (tcp://, ssh:// not on this machine's loopback). */
  get remoteHost(): string | undefined {
    const host = remoteHostOf(this.endpoint);
    return host && !isLoopback(host) ? host : undefined;
  }

  static async connect(t: Translator, opts: EndpointOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<DockerTarget> {
    const endpoint = resolveOrExplain(t, opts, env);
    const shown = describeEndpoint(t, endpoint);
    const docker = await client(t, endpoint, env);
    try {
      await docker.ping();
    } catch (err) {
      const code = errorCode(err);
      const key = code === 'EACCES' ? 'docker.permission' : 'docker.unreachable';
      // TLS alerts come with a trailing newline; the message stays one line.
      throw new UserError(t(key, { endpoint: shown, reason: code ?? errorReason(err).replace(/\s+/g, ' ').trim() }), err);
    }
    const view = await hostView(
      env,
      (id) => docker.getContainer(id).inspect().then(selfOf, () => undefined),
      undefined,
      remoteHostOf(endpoint) ?? null,
    );
    const lost = (err: unknown) => new Error(t('docker.lost', { endpoint: shown, reason: errorReason(err) }));
    const target = new DockerTarget(docker, view.host, lost, view.loopback);
    target.endpoint = endpoint;
    // In a container of a rootless engine, its gateway is not where published ports are: only the
    // machine's own addresses are (LAB_GRADER_HOST). On rootless Docker, --network host is
    // RootlessKit's namespace, no better; on rootless Podman it is the machine's own network.
    if (view.inEngine && !env.LAB_GRADER_HOST) {
      const rootless = await target.rootless();
      if (rootless === 'docker' || (rootless === 'podman' && !view.loopback)) target.portsOutOfReach = 'rootless';
    }
    const remote = target.remoteHost;
    if (remote) {
      const resolved = await lookup(remote, { all: true }).then((all) => all.map((a) => a.address), () => []);
      target.remoteAddresses = [remote, ...resolved];
    }
    return target;
  }

  /** The container's inspect, or undefined when no container has that name. */
  inspect(name: string): Promise<ContainerInspectInfo | undefined> {
    let pending = this.inspects.get(name);
    if (!pending) {
      pending = this.ask(this.docker.getContainer(name).inspect()).catch((err: { statusCode?: number }) => {
        if (err.statusCode === 404) return undefined;
        throw err;
      });
      this.inspects.set(name, pending);
    }
    return pending;
  }

  /** An image's inspect by ID, or undefined when the engine no longer has it. Asked only for a container run by image ID. */
  image(id: string): Promise<ImageInspectInfo | undefined> {
    let pending = this.images.get(id);
    if (!pending) {
      pending = this.ask(this.docker.getImage(id).inspect()).catch((err: { statusCode?: number }) => {
        if (err.statusCode === 404) return undefined;
        throw err;
      });
      this.images.set(id, pending);
    }
    return pending;
  }

  /**
   * A network's inspect, or undefined when no network has that name. The engine also matches an
   * ID or an ID prefix; only the network of that very name counts.
   */
  network(name: string): Promise<NetworkInspectInfo | undefined> {
    let pending = this.nets.get(name);
    if (!pending) {
      pending = this.ask(this.docker.getNetwork(name).inspect() as Promise<NetworkInspectInfo>).then(
        (net) => (net.Name === name ? net : undefined),
        (err: { statusCode?: number }) => {
          if (err.statusCode === 404) return undefined;
          throw err;
        },
      );
      this.nets.set(name, pending);
    }
    return pending;
  }

  /** `docker top` of a running container (ps -ef columns on Docker, ps's own on Podman): one per container per run. */
  top(name: string): Promise<ContainerTop> {
    let pending = this.tops.get(name);
    if (!pending) {
      pending = this.ask(this.docker.getContainer(name).top() as Promise<ContainerTop>);
      this.tops.set(name, pending);
    }
    return pending;
  }

  /** Every network: one list per run, asked only to name the ones a student may have meant. */
  networks(): Promise<NetworkInspectInfo[]> {
    this.netList ??= this.ask(this.docker.listNetworks());
    return this.netList;
  }

  /** An image's build steps, newest first (`docker history`), or undefined when the engine no longer has it. */
  history(id: string): Promise<ImageHistoryEntry[] | undefined> {
    let pending = this.histories.get(id);
    if (!pending) {
      pending = this.ask(this.docker.getImage(id).history() as Promise<ImageHistoryEntry[]>).catch((err: { statusCode?: number }) => {
        if (err.statusCode === 404) return undefined;
        throw err;
      });
      this.histories.set(id, pending);
    }
    return pending;
  }

  /**
   * What is at a path in a container's filesystem, image and mounts alike (a HEAD of the archive
   * API, as `docker cp` asks first: nothing is copied), or undefined when there is nothing there.
   */
  async pathStat(name: string, path: string): Promise<PathStat | undefined> {
    const res = (await this.ask(this.docker.getContainer(name).infoArchive({ path })).catch((err: { statusCode?: number }) => {
      if (err.statusCode === 404) return undefined;
      throw err;
    })) as { headers?: Record<string, string | undefined>; resume?: () => void } | undefined;
    if (!res) return undefined;
    res.resume?.();
    const header = res.headers?.['x-docker-container-path-stat'];
    if (!header) return { name: path.split('/').pop() ?? path, size: 0, mode: 0 };
    return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as PathStat;
  }

  /** Forget a cached inspect after the grader itself changed that container (--deep). */
  forget(name: string): void {
    this.inspects.delete(name);
    this.tops.delete(name);
    this.list = undefined;
  }

  /** `lab watch`: forget what was read of a network after the engine said it changed. */
  forgetNetwork(name: string): void {
    this.nets.delete(name);
    this.netList = undefined;
  }

  /** `lab watch`: forget an image (by ID) after the engine said it changed. */
  forgetImage(id: string): void {
    this.images.delete(id);
    this.histories.delete(id);
  }

  /** `lab watch`: forget everything read, after the engine was lost and found again. */
  forgetAll(): void {
    for (const cache of [this.inspects, this.images, this.nets, this.tops, this.histories]) cache.clear();
    this.list = undefined;
    this.netList = undefined;
  }

  /** Every container, running or not: one list per run. */
  containers(): Promise<ContainerInfo[]> {
    this.list ??= this.ask(this.docker.listContainers({ all: true }));
    return this.list;
  }

  async containerNames(): Promise<string[]> {
    return (await this.containers()).flatMap((c) => c.Names.map((n) => n.replace(/^\//, '')));
  }

  async logTail(name: string, lines: number): Promise<string> {
    const buf = (await this.ask(this.docker.getContainer(name).logs({ stdout: true, stderr: true, tail: lines }))) as unknown as Buffer;
    return demux(buf).trimEnd();
  }

  /** An answer from the engine; a socket error (not an HTTP status) means the engine itself went away. */
  private ask<T>(request: Promise<T>): Promise<T> {
    return request.catch((err: { statusCode?: number }) => {
      throw err.statusCode === undefined && errorCode(err) ? this.lost(err) : err;
    });
  }

  /** The address to dial for a published port whose binding has this HostIp. */
  dialAddress(hostIp: string | undefined): string {
    // On a remote engine, an IPv6-only binding answers on the host's IPv6 address.
    if (hostIp === '::' && this.remoteAddresses) return this.remoteAddresses.find((a) => a.includes(':')) ?? this.engineHost;
    // Bound to IPv6 only ([::]), a port on this machine's engine answers on ::1, not on 127.0.0.1.
    if (hostIp === '::' && this.engineHost === '127.0.0.1') return '::1';
    if (!hostIp || hostIp === '0.0.0.0' || hostIp === '::') return this.engineHost;
    return hostIp;
  }

  private podman?: Promise<boolean>;

  /** Whether the engine is Podman (its /version names a Podman component); asked once, only when it matters. */
  isPodman(): Promise<boolean> {
    this.podman ??= this.docker.version().then((v) => ((v as { Components?: { Name: string }[] }).Components ?? []).some((c) => /podman/i.test(c.Name)), () => false);
    return this.podman;
  }

  private rootlessness?: Promise<'docker' | 'podman' | undefined>;

  /**
   * Which rootless engine this is, if any: rootless Docker (RootlessKit: its bridges, their
   * gateways and `host-gateway` live in RootlessKit's own network namespace, where published
   * ports are not) or rootless Podman (slirp4netns: a container's gateway is not the host either).
   */
  rootless(): Promise<'docker' | 'podman' | undefined> {
    this.rootlessness ??= this.docker.info().then(async (i: { SecurityOptions?: string[]; Rootless?: boolean }) => {
      const podman = await this.isPodman();
      if (!((i.SecurityOptions ?? []).some((o) => /name=rootless/.test(o)) || (podman && i.Rootless === true))) return undefined;
      return podman ? 'podman' : 'docker';
    }, () => undefined);
    return this.rootlessness;
  }

  /** Why no published port can be dialled from here at all, when none can. */
  portsOutOfReach?: 'rootless';

  /** The remote host's own addresses (its name resolved), set by connect for a remote engine. */
  remoteAddresses?: string[];

  /**
   * Whether a port bound to this HostIp can be dialled from here at all. On a remote engine only
   * the host's own address is: any other (its loopback, its docker0) is that machine's, and the
   * same number here could be another server on this machine.
   */
  reaches(hostIp: string | undefined): boolean {
    if (this.portsOutOfReach) return false;
    // A remote host known only by IPv4 cannot be reached on a port bound to IPv6 only ([::]).
    if (hostIp === '::' && this.remoteAddresses) return this.remoteAddresses.some((a) => a.includes(':'));
    if (!hostIp || hostIp === '0.0.0.0' || hostIp === '::') return true;
    if (this.remoteAddresses) return this.remoteAddresses.includes(hostIp);
    return this.loopbackReachable || !isLoopback(hostIp);
  }
}

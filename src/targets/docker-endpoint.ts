import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Why this engine was chosen, in the docker CLI's own order of precedence. */
export type EndpointSource = 'flag-host' | 'flag-context' | 'env-host' | 'env-context' | 'config-context' | 'default';

/** TLS material as file paths; the client reads them when it connects. */
export interface EndpointTls {
  ca?: string;
  cert?: string;
  key?: string;
  /** Check the engine's certificate against `ca` (DOCKER_TLS_VERIFY, or a context without SkipTLSVerify). */
  verify: boolean;
}

export interface DockerEndpoint {
  /** unix:///…, tcp://host:port, ssh://user@host… as given; the default socket when nothing names one. */
  host: string;
  source: EndpointSource;
  /** The docker context in use ("default" when none is). */
  context: string;
  tls?: EndpointTls;
  /** The file that named the context or endpoint, for messages (config.json, a context's meta.json). */
  file?: string;
}

export interface EndpointOptions {
  /** --docker-host */
  host?: string;
  /** --docker-context */
  context?: string;
}

export interface EndpointFs {
  exists(path: string): boolean;
  read(path: string): string;
}

const realFs: EndpointFs = { exists: existsSync, read: (path) => readFileSync(path, 'utf8') };

export const DEFAULT_SOCKET = 'unix:///var/run/docker.sock';

/** Why an endpoint could not be resolved; the CLI turns it into one translated line. */
export class EndpointError extends Error {
  constructor(
    readonly reason: 'conflict' | 'unknown-context' | 'bad-config' | 'bad-context',
    readonly params: { context?: string; file?: string; detail?: string; source?: EndpointSource },
  ) {
    super(`${reason}: ${JSON.stringify(params)}`);
    this.name = 'EndpointError';
  }
}

/** ~/.docker, or DOCKER_CONFIG. */
export const configDir = (env: NodeJS.ProcessEnv, home = homedir()): string => env.DOCKER_CONFIG || join(home, '.docker');

/** Contexts are stored under the SHA-256 of their name, so that any name is a valid folder. */
export const contextDigest = (name: string): string => createHash('sha256').update(name).digest('hex');

/**
 * The engine the docker CLI would talk to: `--host`, `--context`, DOCKER_HOST, DOCKER_CONTEXT,
 * `currentContext` in config.json, the default socket. As in the CLI, an explicit `--context`
 * beats the DOCKER_HOST variable, and giving both flags is an error.
 */
export function resolveEndpoint(opts: EndpointOptions, env: NodeJS.ProcessEnv, fs: EndpointFs = realFs, home = homedir()): DockerEndpoint {
  if (opts.host && opts.context) throw new EndpointError('conflict', {});
  if (opts.host) return fromHost(opts.host, 'flag-host', env, home);
  if (opts.context) return fromContext(opts.context, 'flag-context', env, fs, home);
  if (env.DOCKER_HOST) return fromHost(env.DOCKER_HOST, 'env-host', env, home);
  if (env.DOCKER_CONTEXT) return fromContext(env.DOCKER_CONTEXT, 'env-context', env, fs, home);
  const config = join(configDir(env, home), 'config.json');
  if (fs.exists(config)) {
    let current: unknown;
    try {
      current = (JSON.parse(fs.read(config)) as { currentContext?: unknown } | null)?.currentContext;
    } catch (err) {
      throw new EndpointError('bad-config', { file: config, detail: (err as Error).message.split('\n')[0] });
    }
    if (typeof current === 'string' && current) return { ...fromContext(current, 'config-context', env, fs, home, config), file: config };
  }
  return { host: DEFAULT_SOCKET, source: 'default', context: 'default' };
}

/** DOCKER_TLS_VERIFY and DOCKER_CERT_PATH apply to a host given directly, as in the docker CLI. */
function fromHost(host: string, source: EndpointSource, env: NodeJS.ProcessEnv, home: string): DockerEndpoint {
  const endpoint: DockerEndpoint = { host, source, context: 'default' };
  const verify = !!env.DOCKER_TLS_VERIFY;
  if (verify || env.DOCKER_TLS) {
    const dir = env.DOCKER_CERT_PATH || configDir(env, home);
    endpoint.tls = { ca: join(dir, 'ca.pem'), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), verify };
  }
  return endpoint;
}

interface ContextMeta {
  Name?: string;
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

function fromContext(name: string, source: EndpointSource, env: NodeJS.ProcessEnv, fs: EndpointFs, home: string, named?: string): DockerEndpoint {
  // "default" is the CLI's built-in context: DOCKER_HOST, else the default socket.
  if (name === 'default') return { ...(env.DOCKER_HOST ? fromHost(env.DOCKER_HOST, source, env, home) : { host: DEFAULT_SOCKET }), source, context: 'default' };
  const digest = contextDigest(name);
  const contexts = join(configDir(env, home), 'contexts');
  const file = join(contexts, 'meta', digest, 'meta.json');
  if (!fs.exists(file)) throw new EndpointError('unknown-context', { context: name, source, ...(named ? { file: named } : {}) });
  let meta: ContextMeta;
  try {
    meta = JSON.parse(fs.read(file)) as ContextMeta;
  } catch (err) {
    throw new EndpointError('bad-config', { file, detail: (err as Error).message.split('\n')[0] });
  }
  const docker = meta?.Endpoints?.docker;
  if (!docker?.Host) throw new EndpointError('bad-context', { context: name, file });
  const endpoint: DockerEndpoint = { host: docker.Host, source, context: name, file };
  const tlsDir = join(contexts, 'tls', digest, 'docker');
  const material = (f: string) => (fs.exists(join(tlsDir, f)) ? join(tlsDir, f) : undefined);
  const tls = { ca: material('ca.pem'), cert: material('cert.pem'), key: material('key.pem') };
  // As the CLI does: TLS when the context stores material or skips verification.
  if (tls.ca || tls.cert || tls.key || docker.SkipTLSVerify) {
    endpoint.tls = { ...tls, verify: !docker.SkipTLSVerify };
  }
  return endpoint;
}

export interface ParsedHost {
  protocol: 'unix' | 'npipe' | 'tcp' | 'ssh';
  /** unix/npipe: the socket's path */
  path?: string;
  host?: string;
  port?: number;
  user?: string;
}

/** Splits an endpoint the way the docker CLI accepts it; undefined when it would refuse it. */
export function parseHost(endpoint: string, tls: boolean): ParsedHost | undefined {
  const socket = /^(unix|npipe):\/\/(\/?.+)$/.exec(endpoint);
  if (socket) return { protocol: socket[1] as 'unix' | 'npipe', path: socket[2] };
  const net = /^(tcp|https?|ssh):\/\/(?:([^@/]+)@)?(\[[^\]]+\]|[^/:\]]+)(?::(\d+))?\/?$/.exec(endpoint);
  if (!net) return undefined;
  const [, scheme, user, rawHost, port] = net;
  const host = rawHost.replace(/^\[|\]$/g, '');
  if (scheme === 'ssh') return { protocol: 'ssh', host, user, port: port ? Number(port) : undefined };
  return { protocol: 'tcp', host, port: port ? Number(port) : tls || scheme === 'https' ? 2376 : 2375 };
}

/** The host that published ports live on, when the engine is on another machine (tcp://, ssh://). */
export function remoteHostOf(endpoint: DockerEndpoint): string | undefined {
  const parsed = parseHost(endpoint.host, !!endpoint.tls);
  return parsed?.protocol === 'tcp' || parsed?.protocol === 'ssh' ? parsed.host : undefined;
}

import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import type Docker from 'dockerode';
import { UserError } from '../errors.js';
import type { Translator } from '../i18n/index.js';
import { dockerode } from '../lazy-modules.js';
import { EndpointError, parseHost, resolveEndpoint, type DockerEndpoint, type EndpointOptions } from './docker-endpoint.js';

/** The endpoint the docker CLI would use, or one translated line that says what to fix. */
export function resolveOrExplain(t: Translator, opts: EndpointOptions, env: NodeJS.ProcessEnv): DockerEndpoint {
  try {
    return resolveEndpoint(opts, env);
  } catch (err) {
    if (!(err instanceof EndpointError)) throw err;
    const p = err.params;
    const source = p.source ? t(`docker.source.${p.source}`, { file: p.file ?? '' }) : '';
    if (err.reason === 'conflict') throw new UserError(t('docker.conflict'));
    if (err.reason === 'unknown-context') throw new UserError(t('docker.unknownContext', { context: p.context ?? '', source }));
    if (err.reason === 'bad-context') throw new UserError(t('docker.badContext', { context: p.context ?? '', file: p.file ?? '' }));
    throw new UserError(t('docker.badConfig', { file: p.file ?? '', detail: p.detail ?? '' }));
  }
}

/** The endpoint as messages show it: its address, and its context when one was used. */
export const describeEndpoint = (t: Translator, e: DockerEndpoint): string =>
  e.context === 'default' ? e.host : t('docker.inContext', { endpoint: e.host, context: e.context });

/** What to call the setting that named a bad endpoint. */
function settingOf(t: Translator, e: DockerEndpoint): string {
  if (e.source === 'env-host') return 'DOCKER_HOST';
  if (e.source === 'flag-host') return '--docker-host';
  if (e.context !== 'default') return t('docker.contextEndpoint', { context: e.context });
  return 'DOCKER_HOST';
}

/**
 * A dockerode client for exactly this endpoint. docker-modem also reads DOCKER_HOST,
 * DOCKER_TLS_VERIFY and DOCKER_CERT_PATH by itself; they are hidden from it while it is built,
 * so that a context or flag is not overridden by the environment.
 */
export async function client(t: Translator, endpoint: DockerEndpoint, env: NodeJS.ProcessEnv): Promise<Docker> {
  const parsed = parseHost(endpoint.host, !!endpoint.tls);
  const bad = (reason: string, err?: unknown) =>
    new UserError(t('docker.badHost', { what: settingOf(t, endpoint), endpoint: endpoint.host, reason }), err);
  // Anything else would be dialled as a host name (a DNS lookup for "nowhere"), as the docker CLI refuses it.
  if (!parsed) throw bad(t('docker.hostFormat'));
  let options: Docker.DockerOptions & { agent?: unknown };
  if (parsed.protocol === 'unix' || parsed.protocol === 'npipe') {
    options = { socketPath: parsed.path, host: undefined, port: undefined, protocol: undefined };
  } else if (parsed.protocol === 'ssh') {
    // Loaded only for an ssh:// engine: a local run never loads the ssh code.
    const { sshAgent } = await import('./docker-ssh.js');
    options = { protocol: 'http', host: 'docker', port: 80, agent: sshAgent(parsed, env) };
  } else {
    options = { host: parsed.host, port: parsed.port, protocol: endpoint.tls ? 'https' : 'http' };
    if (endpoint.tls) options.agent = tlsAgent(t, endpoint);
  }
  const saved = { DOCKER_HOST: process.env.DOCKER_HOST, DOCKER_CERT_PATH: process.env.DOCKER_CERT_PATH, DOCKER_TLS_VERIFY: process.env.DOCKER_TLS_VERIFY };
  try {
    for (const key of Object.keys(saved)) delete process.env[key];
    return new (dockerode())(options as Docker.DockerOptions);
  } catch (err) {
    throw bad((err as Error).message, err);
  } finally {
    for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
  }
}

/** TLS as the docker CLI sets it up: client certificate, and the engine's checked against the CA unless told not to. */
function tlsAgent(t: Translator, endpoint: DockerEndpoint): Agent {
  const tls = endpoint.tls!;
  const read = (file: string | undefined) => {
    if (!file) return undefined;
    try {
      return readFileSync(file);
    } catch (err) {
      throw new UserError(t('docker.badTls', { file, endpoint: endpoint.host, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message }), err);
    }
  };
  return new Agent({ ca: tls.verify ? read(tls.ca) : undefined, cert: read(tls.cert), key: read(tls.key), rejectUnauthorized: tls.verify });
}

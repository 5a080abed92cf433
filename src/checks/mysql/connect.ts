import type { ContainerInspectInfo } from 'dockerode';
import { publishedEndpoint } from '../../targets/docker-inspect.js';
import type { DockerTarget } from '../../targets/docker.js';

/** Errors that mean "the server is not up yet", worth asking again. */
const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_SERVER_SHUTDOWN']);
export const isTransient = (err: unknown): boolean => TRANSIENT.has((err as { code?: string }).code ?? '');

export interface Login { user: string; password: string }

/** A container port, and the host port the lab asks it to be published on (the binding dialled when there is one). */
export interface PublishedPort { port: string; hostPort?: number }

/** Opens a real MySQL protocol session through the container's published port. */
export async function connectPublished(docker: DockerTarget, info: ContainerInspectInfo, at: PublishedPort, login: Login, timeoutMs = 5000) {
  const endpoint = publishedEndpoint(docker, info, at.port, at.hostPort);
  if (!endpoint) return undefined;
  return { conn: await connectTo(endpoint, login, timeoutMs), endpoint };
}

export interface Endpoint { host: string; port: number }

/** A real MySQL protocol session with a server at host:port. */
export async function connectTo(endpoint: Endpoint, login: Login, timeoutMs = 5000) {
  const { default: mysql } = await import('mysql2/promise');
  return mysql.createConnection({ ...endpoint, ...login, connectTimeout: timeoutMs });
}

/** host:port as a client would write it ([::1]:3306). */
export const showEndpoint = (e: Endpoint): string => (e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`);

/** Runs statements in one session; the rows of the last one. */
export async function runSql(endpoint: Endpoint, login: Login, statements: string[]): Promise<unknown[]> {
  const conn = await connectTo(endpoint, login);
  try {
    let last: unknown[] = [];
    for (const s of statements) [last] = (await conn.query(s)) as unknown as [unknown[]];
    return last;
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}

export const errorText = (err: unknown): string => {
  const e = err as { code?: string; message?: string };
  return e.code && e.message && !e.message.startsWith(e.code) ? `${e.code}: ${e.message}` : (e.message ?? String(err));
};

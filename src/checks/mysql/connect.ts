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
  const { default: mysql } = await import('mysql2/promise');
  const conn = await mysql.createConnection({ ...endpoint, ...login, connectTimeout: timeoutMs });
  return { conn, endpoint };
}

export const errorText = (err: unknown): string => {
  const e = err as { code?: string; message?: string };
  return e.code && e.message && !e.message.startsWith(e.code) ? `${e.code}: ${e.message}` : (e.message ?? String(err));
};

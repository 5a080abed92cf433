import type { ContainerInspectInfo } from 'dockerode';
import { unreachableBinding } from '../../targets/docker-inspect.js';
import { error, fail, type CheckContext, type Outcome } from '../types.js';

export const containerParams = {
  type: 'object',
  required: ['container'],
  additionalProperties: false,
  properties: { container: { type: 'string', minLength: 1, description: 'Container name' } },
} as const;

/** The container's inspect, or the failure a check reports when it does not exist. */
export async function findContainer(ctx: CheckContext, name: string): Promise<ContainerInspectInfo | Outcome> {
  const docker = await ctx.docker();
  // Asking again (the server was still starting): look afresh, the container or the engine may have changed.
  if (ctx.attempt > 1) docker.forget(name);
  const info = await docker.inspect(name);
  return info ?? fail(ctx.t('container.missing', { name }), { expected: name, actual: '∅' });
}

/** The params of every check that dials a container's published port (logins, HTTP). */
export const publishedPortProperties = {
  container: { type: 'string', minLength: 1 },
  port: { type: 'string', pattern: '^[0-9]+/tcp$', description: 'Container port whose published host port is dialled' },
  hostPort: {
    type: 'integer',
    minimum: 1,
    maximum: 65535,
    description: 'The host port the lab asks for (its docker.port-published hostPort): that binding is dialled when there is one, at the address it is bound to; else the first binding',
  },
} as const;

export const isOutcome = (x: ContainerInspectInfo | Outcome): x is Outcome => 'status' in x && !('Id' in x);

/** The grader's own trouble, not the student's: the port is on an address of a host it is not on (its container's, a remote engine's). */
export async function outOfReach(ctx: CheckContext, info: ContainerInspectInfo, port: string, hostPort?: number): Promise<Outcome | undefined> {
  const docker = await ctx.docker();
  const ip = unreachableBinding(docker, info, port, hostPort);
  if (!ip) return undefined;
  if (docker.portsOutOfReach === 'rootless') return error(ctx.t('port.outOfReachRootless', { port }), { hint: ctx.t('port.outOfReachRootlessHint') });
  // A remote engine (tcp://, ssh://): that address is the other machine's.
  const host = docker.remoteHost;
  if (host) return error(ctx.t('port.outOfReachRemote', { port, ip, host }), { hint: ctx.t('port.outOfReachRemoteHint', { ip, host }) });
  return error(ctx.t('port.outOfReach', { port, ip }), { hint: ctx.t('port.outOfReachHint') });
}

/**
 * What a refused or cut-off connection means: "not yet" while the server may still be starting;
 * "look again" when the container stopped or is restarting under the check (the engine may be
 * going away, or a restart policy bringing it back); else it is the answer.
 */
export function onRefused(info: ContainerInspectInfo): Partial<Outcome> {
  if (startingUp(info)) return { retry: true, starting: true };
  return !info.State.Running || info.State.Restarting ? { retry: true } : {};
}

/** A server in a container younger than this may still be starting (MySQL's first start can take a minute). */
export const STARTING_GRACE_MS = 120_000;

/**
 * Whether the container's server may still be starting, so that "connection refused" means
 * "not yet" rather than "never": its healthcheck says so, or it started moments ago.
 */
export function startingUp(info: ContainerInspectInfo, now = Date.now()): boolean {
  const state = info.State;
  if (!state.Running || state.Paused || state.Restarting) return false;
  const health = (state as { Health?: { Status?: string } }).Health?.Status;
  if (health === 'starting') return true;
  if (health === 'unhealthy') return false;
  const started = Date.parse(state.StartedAt);
  return Number.isFinite(started) && now - started < STARTING_GRACE_MS;
}

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

export const isOutcome = (x: ContainerInspectInfo | Outcome): x is Outcome => 'status' in x && !('Id' in x);

/** The grader's own trouble, not the student's: the port is on the loopback of a host it is not on (its container's, a remote engine's). */
export async function outOfReach(ctx: CheckContext, info: ContainerInspectInfo, port: string): Promise<Outcome | undefined> {
  const docker = await ctx.docker();
  const ip = unreachableBinding(docker, info, port);
  if (!ip) return undefined;
  // A remote engine (tcp://, ssh://): the loopback is that machine's.
  const host = docker.remoteHost;
  if (host) return error(ctx.t('port.outOfReachRemote', { port, ip, host }), { hint: ctx.t('port.outOfReachRemoteHint', { ip, host }) });
  return error(ctx.t('port.outOfReach', { port, ip }), { hint: ctx.t('port.outOfReachHint') });
}

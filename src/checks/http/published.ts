import type { ContainerInspectInfo } from 'dockerode';
import { publishedEndpoint } from '../../targets/docker-inspect.js';
import { outOfReach } from '../docker/container.js';
import { fail, type CheckContext, type Outcome } from '../types.js';

/**
 * `http://host:port` of the container's published `port` as this machine dials it (the binding
 * on the lab's `hostPort` when there is one), or the outcome that says why it cannot be dialled:
 * out of reach from here (not graded), or not published at all (a fail).
 */
export async function publishedBase(ctx: CheckContext, info: ContainerInspectInfo, p: { port: string; hostPort?: number }, expected: string): Promise<string | Outcome> {
  const blocked = await outOfReach(ctx, info, p.port, p.hostPort);
  if (blocked) return blocked;
  const endpoint = publishedEndpoint(await ctx.docker(), info, p.port, p.hostPort);
  if (!endpoint) return fail(ctx.t('http.notPublished', { port: p.port }), { expected, actual: ctx.t('port.notPublished') });
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `http://${host}:${endpoint.port}`;
}

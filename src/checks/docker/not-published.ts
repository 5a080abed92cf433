import type { ContainerInspectInfo } from 'dockerode';
import { showBinding, type Binding } from '../../targets/docker-inspect.js';
import { fail, pass, type CheckKind } from '../types.js';
import { containerParams, findContainer, isOutcome } from './container.js';

/**
 * Every way the container is reachable from outside its networks: its configured bindings (-p,
 * kept in HostConfig.PortBindings), its live ones (NetworkSettings.Ports, where -P's random host
 * ports show up once it runs), -P itself (PublishAllPorts, before it has run), and
 * --network host (every port it listens on is the host's). Empty when it publishes nothing.
 */
export function publishedPorts(info: ContainerInspectInfo): string[] {
  if (info.HostConfig?.NetworkMode === 'host') return ['--network host'];
  const found = new Set<string>();
  const add = (ports: Record<string, Binding[] | null> | null | undefined) => {
    for (const [port, bindings] of Object.entries(ports ?? {})) {
      for (const b of bindings ?? []) if (b) found.add(`${showBinding(b)} -> ${port}`);
    }
  };
  add(info.NetworkSettings?.Ports as Record<string, Binding[] | null> | undefined);
  add(info.HostConfig?.PortBindings as Record<string, Binding[] | null> | undefined);
  // With -P the live ports say where; a container that has not run has only the flag.
  if (info.HostConfig?.PublishAllPorts && found.size === 0) found.add('-P');
  return [...found];
}

/** The container publishes no port on the host: only containers on its networks reach it. */
export const notPublished: CheckKind<{ container: string }> = {
  name: 'docker.not-published',
  paramsSchema: containerParams,
  async run(ctx, { container }) {
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    const ports = publishedPorts(info);
    const expected = ctx.t('unpublished.expected');
    if (ports.length === 0) return pass(ctx.t('unpublished.ok', { name: container }), { expected, actual: expected });
    const hostMode = ports[0] === '--network host';
    return fail(ctx.t(hostMode ? 'unpublished.hostNetwork' : 'unpublished.published', { name: container, ports: ports.join(', ') }), {
      expected,
      actual: ports.join(', '),
      hint: ctx.t(hostMode ? 'unpublished.hostNetworkHint' : 'unpublished.publishedHint', { name: container }),
    });
  },
};

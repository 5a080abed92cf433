import { hostname, networkInterfaces } from 'node:os';
import { envOf } from '../../targets/docker-inspect.js';
import type { DockerTarget } from '../../targets/docker.js';
import { fail, pass, type CheckKind } from '../types.js';
import { findContainer, isOutcome } from './container.js';

interface Params { container: string; var: string; port: number; server: string }

/** Split `host`, `host:port` or `[v6]:port`. */
export function splitHostPort(value: string, defaultPort: number): { host: string; port: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (v6) return { host: v6[1], port: v6[2] ? Number(v6[2]) : defaultPort };
  const i = value.lastIndexOf(':');
  if (i > 0 && value.indexOf(':') === i) return { host: value.slice(0, i), port: Number(value.slice(i + 1)) };
  return { host: value, port: defaultPort };
}

// host.containers.internal: Podman's name for the host, in every container's /etc/hosts.
const HOST_NAMES = new Set(['host.docker.internal', 'gateway.docker.internal', 'host-gateway', 'host.containers.internal']);

/**
 * The value must reach the server through the host (its published port), never through
 * the server container's bridge IP, which changes when that container is recreated.
 */
export const envHostAddress: CheckKind<Params> = {
  name: 'docker.env-host-address',
  paramsSchema: {
    type: 'object',
    required: ['container', 'var', 'port', 'server'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1 },
      var: { type: 'string', minLength: 1, description: 'Env var holding host[:port]' },
      port: { type: 'integer', minimum: 1, maximum: 65535, description: 'Port published on the host' },
      server: { type: 'string', minLength: 1, description: 'Name of the container serving that port' },
    },
  },
  async run(ctx, p) {
    const info = await findContainer(ctx, p.container);
    if (isOutcome(info)) return info;
    const docker = await ctx.docker();
    const value = envOf(info).get(p.var);
    const expected = ctx.t('dbhost.expected', { port: p.port });
    if (!value) return fail(ctx.t('dbhost.missing', { var: p.var }), { expected, actual: '∅' });
    const { host, port } = splitHostPort(value, p.port);
    const actual = `${p.var}=${value}`;

    const containerIps = new Map<string, string>();
    for (const c of await docker.containers()) {
      for (const net of Object.values(c.NetworkSettings?.Networks ?? {})) {
        if (net.IPAddress) containerIps.set(net.IPAddress, c.Names[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12));
      }
    }
    if (containerIps.has(host)) {
      const owner = containerIps.get(host)!;
      return fail(ctx.t('dbhost.containerIp', { ip: host, name: owner }), { expected, actual, hint: ctx.t('dbhost.containerIpHint', { name: owner, port: p.port }) });
    }
    if (host === p.server || (await docker.containerNames()).includes(host)) {
      return fail(ctx.t('dbhost.containerName', { name: host }), { expected, actual, hint: ctx.t('dbhost.containerNameHint', { port: p.port }) });
    }
    if (['localhost', '127.0.0.1', '::1'].includes(host)) {
      return fail(ctx.t('dbhost.loopback', { host }), { expected, actual, hint: ctx.t('dbhost.loopbackHint', { port: p.port }) });
    }
    if (port !== p.port) return fail(ctx.t('dbhost.wrongPort', { port, expected: p.port }), { expected, actual });

    const route = await hostRoute(host, info.HostConfig.ExtraHosts ?? [], docker.engineHost, () => gatewayIps(docker));
    if (route === 'gateway' && (await docker.rootless()) === 'docker') {
      return fail(ctx.t('dbhost.rootlessGateway', { host }), { expected, actual, hint: ctx.t('dbhost.rootlessGatewayHint', { port: p.port }) });
    }
    if (route) return pass(ctx.t('dbhost.ok', { value }), { expected, actual });
    return fail(ctx.t('dbhost.unknown', { host }), { expected, actual, hint: ctx.t('dbhost.unknownHint', { port: p.port }) });
  },
};

async function gatewayIps(target: DockerTarget): Promise<string[]> {
  const nets = await target.docker.listNetworks();
  const configured = nets.flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Gateway));
  // The default bridge's IPAM config names no gateway; its containers' settings do. On a remote
  // engine this is the only way to know that address is the engine's host.
  const used = (await target.containers()).flatMap((c) => Object.values(c.NetworkSettings?.Networks ?? {}).map((n) => n.Gateway));
  return [...configured, ...used].filter((g): g is string => !!g);
}

/**
 * How `host` reaches the engine's host: as the host itself (names Docker and Podman give it,
 * this machine's own addresses), through a Docker network's gateway (`host-gateway`, a
 * bridge's gateway address), or not at all.
 */
export async function hostRoute(host: string, extraHosts: string[], engineHost: string, gateways: () => Promise<string[]>): Promise<'host' | 'gateway' | undefined> {
  // --add-host NAME:ADDRESS (NAME=ADDRESS on newer engines); ADDRESS may be IPv6, with colons.
  const entry = extraHosts.find((e) => e.startsWith(`${host}:`) || e.startsWith(`${host}=`));
  if (entry) {
    const to = entry.slice(host.length + 1);
    return to === 'host-gateway' ? 'gateway' : hostRoute(to, [], engineHost, gateways);
  }
  if (HOST_NAMES.has(host) || host === hostname() || host === engineHost) return 'host';
  const own = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address));
  if (own.includes(host)) return 'host';
  return (await gateways()).includes(host) ? 'gateway' : undefined;
}

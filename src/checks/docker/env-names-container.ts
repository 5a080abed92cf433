import { isIP } from 'node:net';
import type { ContainerInspectInfo } from 'dockerode';
import { envOf } from '../../targets/docker-inspect.js';
import { fail, pass, type CheckKind } from '../types.js';
import { findContainer, isOutcome } from './container.js';
import { splitHostPort } from './env-host-address.js';
import { containerName, dnsNamesOn, endpointsOf, isUserNetwork, legacyLinkAliases, specialMode } from './networks.js';

interface Params { container: string; var: string; server: string; port?: number; network: string }

export type HostVerdict =
  | { kind: 'ok'; network: string }
  | { kind: 'ip'; owner?: string; network?: string }
  | { kind: 'loopback' }
  | { kind: 'legacyLink' }
  | { kind: 'defaultBridge' }
  | { kind: 'apart'; client: string[]; server: string[] }
  | { kind: 'other' };

const LOOPBACK = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost']);

/**
 * Whether `host`, as `client` would look it up, is `server`: a name the embedded DNS of a
 * user-defined network they share answers with `server`'s address (see dnsNamesOn), also
 * qualified with the network's name (`midb.mired`), which that DNS answers too. Only the
 * configuration is read: the name resolves there whenever both containers run.
 */
export function judgeHost(host: string, client: ContainerInspectInfo, server: ContainerInspectInfo): HostVerdict {
  const wanted = host.toLowerCase().replace(/\.$/, '');
  if (isIP(wanted)) {
    if (wanted.startsWith('127.') || wanted === '::1') return { kind: 'loopback' };
    const on = endpointsOf(server).find((e) => e.ip === wanted);
    return on ? { kind: 'ip', owner: containerName(server), network: on.network } : { kind: 'ip' };
  }
  if (LOOPBACK.has(wanted)) return { kind: 'loopback' };
  const clientNets = specialMode(client) ? [] : endpointsOf(client).map((e) => e.network);
  const serverNets = specialMode(server) ? [] : endpointsOf(server).map((e) => e.network);
  const shared = clientNets.filter((n) => serverNets.includes(n) && isUserNetwork(n));
  for (const network of shared) {
    const names = dnsNamesOn(server, network, client);
    if (names.includes(wanted) || names.some((n) => wanted === `${n}.${network.toLowerCase()}`)) return { kind: 'ok', network };
  }
  // Not found on a shared network: does it name the server at all?
  const anyName = new Set([containerName(server).toLowerCase(), server.Id.slice(0, 12), ...serverNets.flatMap((n) => dnsNamesOn(server, n))]);
  if (legacyLinkAliases(client, server).includes(wanted)) return { kind: 'legacyLink' };
  if (!anyName.has(wanted)) return { kind: 'other' };
  const defaultShared = clientNets.some((n) => serverNets.includes(n));
  if (defaultShared) return { kind: 'defaultBridge' };
  return { kind: 'apart', client: clientNets, server: serverNets };
}

/**
 * An env var (WORDPRESS_DB_HOST) that reaches another container (the database) by a name the
 * embedded DNS of a user-defined network both are on answers, never by an IP address.
 */
export const envNamesContainer: CheckKind<Params> = {
  name: 'docker.env-names-container',
  paramsSchema: {
    type: 'object',
    required: ['container', 'var', 'server', 'network'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1, description: 'The container whose env is read' },
      var: { type: 'string', minLength: 1, description: 'Env var holding host[:port]' },
      server: { type: 'string', minLength: 1, description: 'The container the host part must name' },
      port: { type: 'integer', minimum: 1, maximum: 65535, description: 'The port the server listens on inside its network: a port in the value must be this one, and it is the default when none is given' },
      network: { type: 'string', minLength: 1, description: 'The network the lab asks for, named in the hints; the name may resolve on any user-defined network both share (docker.network-attached grades which one)' },
    },
  },
  async run(ctx, p) {
    const client = await findContainer(ctx, p.container);
    if (isOutcome(client)) return client;
    const server = await findContainer(ctx, p.server);
    if (isOutcome(server)) return server;
    const network = p.network;
    const value = envOf(client).get(p.var);
    const expected = ctx.t('names.expected', { address: p.port ? `${p.server}:${p.port}` : p.server });
    if (!value) return fail(ctx.t('dbhost.missing', { var: p.var }), { expected, actual: '∅', hint: ctx.t('names.useName', { var: p.var, server: p.server, port: p.port ?? 3306 }) });
    const { host, port } = splitHostPort(value, p.port ?? 0);
    const actual = `${p.var}=${value}`;
    const useName = ctx.t('names.useName', { var: p.var, server: p.server, port: p.port ?? 3306 });
    const verdict = judgeHost(host, client, server);
    switch (verdict.kind) {
      case 'ok':
        // No port in the value is the server's default one.
        if (p.port && port !== 0 && port !== p.port) return fail(ctx.t('names.wrongPort', { port, expected: p.port, server: p.server }), { expected, actual, hint: ctx.t('names.portHint', { port: p.port }) });
        return pass(ctx.t('names.ok', { host, server: p.server, network: verdict.network, client: p.container }), { expected, actual });
      case 'ip':
        return fail(verdict.owner ? ctx.t('names.serverIp', { ip: host, name: verdict.owner, network: verdict.network ?? '' }) : ctx.t('names.ip', { ip: host }), {
          expected,
          actual,
          hint: [ctx.t('names.ipHint', { server: p.server }), useName].join('\n'),
        });
      case 'loopback':
        return fail(ctx.t('dbhost.loopback', { host }), { expected, actual, hint: useName });
      case 'legacyLink':
        return fail(ctx.t('names.legacyLink', { host, client: p.container }), { expected, actual, hint: ctx.t('names.legacyLinkHint', { network, server: p.server, client: p.container }) });
      case 'defaultBridge':
        return fail(ctx.t('names.defaultBridge', { host, client: p.container, server: p.server }), { expected, actual, hint: ctx.t('names.defaultBridgeHint', { network, server: p.server, client: p.container }) });
      case 'apart':
        return fail(ctx.t('names.apart', { client: p.container, server: p.server, clientNets: verdict.client.join(', ') || '∅', serverNets: verdict.server.join(', ') || '∅' }), {
          expected,
          actual,
          hint: ctx.t('names.apartHint', { network, server: p.server, client: p.container }),
        });
      case 'other':
        return fail(ctx.t('names.other', { host, server: p.server }), { expected, actual, hint: useName });
    }
  },
};

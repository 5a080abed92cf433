// Pure readers of a container's networks in `docker inspect`, shared by the network check kinds.
// Only fields Docker and Podman both fill are relied on: NetworkSettings.Networks (keyed by the
// network's name), each endpoint's Aliases, Links and IPAddress, HostConfig.NetworkMode and Links;
// DNSNames (Docker API 1.44+) is read when present.
import type { ContainerInspectInfo } from 'dockerode';

/**
 * The networks every engine makes on its own: Docker's bridge, host and none, and Podman's
 * default network. On none of them does the engine's DNS answer container names.
 */
export const DEFAULT_NETWORKS: ReadonlySet<string> = new Set(['bridge', 'host', 'none', 'podman', 'default']);

export const isUserNetwork = (name: string): boolean => !DEFAULT_NETWORKS.has(name);

export interface Endpoint {
  network: string;
  ip: string;
  /** What the network's DNS answers with this container's address, besides its name and short ID. */
  aliases: string[];
  /** `target:alias` links given with --link on this network (the alias resolves only for this container). */
  links: string[];
}

interface RawEndpoint { Aliases?: string[] | null; DNSNames?: string[] | null; Links?: string[] | null; IPAddress?: string }

export const containerName = (info: ContainerInspectInfo): string => info.Name.replace(/^\//, '');
export const shortContainerId = (info: ContainerInspectInfo): string => info.Id.slice(0, 12);

/** The networks the container is attached to (created-only containers too), by name. */
export function endpointsOf(info: ContainerInspectInfo): Endpoint[] {
  const nets = (info.NetworkSettings?.Networks ?? {}) as Record<string, RawEndpoint | null>;
  return Object.entries(nets).map(([network, e]) => ({
    network,
    ip: e?.IPAddress ?? '',
    aliases: [...new Set([...(e?.Aliases ?? []), ...(e?.DNSNames ?? [])])],
    links: e?.Links ?? [],
  }));
}

/**
 * `--network host`, `none` or `container:<id>`: the container has no network of its own.
 * `default`, `bridge` and a network's name are ordinary attachments.
 */
export function specialMode(info: ContainerInspectInfo): string | undefined {
  const mode = info.HostConfig?.NetworkMode ?? '';
  if (mode === 'host' || mode === 'none' || mode.startsWith('container:')) return mode;
  return undefined;
}

/** The names the student gave the container on a network: its aliases, less the short ID Docker adds. */
export const givenAliases = (info: ContainerInspectInfo, e: Endpoint): string[] =>
  e.aliases.filter((a) => a !== containerName(info) && !info.Id.startsWith(a));

/**
 * Every name a network's embedded DNS answers with `server`'s address, asked from `client`:
 * the container's name, its short ID, its aliases there (--network-alias, and DNSNames on newer
 * engines), and the aliases of `client`'s own --link to it on that network. Lower-cased: DNS
 * names are case-insensitive, and Docker's resolver answers `MIDB` as `midb`.
 */
export function dnsNamesOn(server: ContainerInspectInfo, network: string, client?: ContainerInspectInfo): string[] {
  const endpoint = endpointsOf(server).find((e) => e.network === network);
  if (!endpoint) return [];
  const names = [containerName(server), shortContainerId(server), ...endpoint.aliases];
  const viaClient = client ? endpointsOf(client).find((e) => e.network === network) : undefined;
  for (const link of viaClient?.links ?? []) {
    const [target, alias] = link.split(':');
    if (target.replace(/^\//, '') === containerName(server) && alias) names.push(alias.split('/').pop()!);
  }
  return [...new Set(names.map((n) => n.toLowerCase()))];
}

/** Aliases `client` gave `server` with --link on the default bridge (`/midb:/miweb/db` in HostConfig.Links): /etc/hosts entries, not DNS. */
export function legacyLinkAliases(client: ContainerInspectInfo, server: ContainerInspectInfo): string[] {
  const links = (client.HostConfig?.Links ?? []) as string[];
  return links
    .map((l) => l.split(':'))
    .filter(([target, alias]) => target.replace(/^\//, '') === containerName(server) && alias)
    .map(([, alias]) => alias.split('/').pop()!.toLowerCase());
}

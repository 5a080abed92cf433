import { posix } from 'node:path';
import type { ContainerInspectInfo } from 'dockerode';
import { fail, pass, type CheckKind } from '../types.js';
import { findContainer, isOutcome } from './container.js';

interface Params { container: string; path: string }

export type Storage =
  | { kind: 'bind'; source: string }
  | { kind: 'named'; source: string }
  | { kind: 'anonymous'; source: string }
  | { kind: 'tmpfs' }
  | { kind: 'none' };

/** A container path as Docker compares them: `/var/lib/mysql/`, `/var/lib//mysql` and `/var/lib/mysql` are one. */
export const cleanPath = (p: string): string => {
  const clean = posix.normalize(p.trim());
  return clean.length > 1 ? clean.replace(/\/+$/, '') : clean;
};

/** Source and destination of a `-v`/`--volume` string as Docker keeps it in HostConfig.Binds (`src:dst[:opts]`; a Windows `C:\…` source too). */
export function parseBind(bind: string): { source: string; destination: string } | undefined {
  const m = /^(.+?):(\/[^:]*)(?::([a-zA-Z,]+))?$/.exec(bind);
  return m ? { source: m[1], destination: cleanPath(m[2]) } : undefined;
}

// Docker's own name for a volume nobody named.
const GENERATED = /^[0-9a-f]{64}$/;

/**
 * How a container keeps `path`. `Mounts` is the truth, however the user wrote it (-v, --volume,
 * --mount, --tmpfs), with paths compared after cleaning them. A volume counts as named when the
 * user gave its name (-v name:/path or --mount source=name) or it has a name Docker did not make
 * up (say, through --volumes-from); Docker's own 64-hex names are anonymous.
 */
export function storageOf(info: ContainerInspectInfo, path: string, engine: 'docker' | 'podman' = 'docker'): Storage {
  const target = cleanPath(path);
  const host = info.HostConfig as { Binds?: string[] | null; Mounts?: { Type?: string; Source?: string; Target?: string }[] | null; Tmpfs?: Record<string, string> | null };
  if (Object.keys(host.Tmpfs ?? {}).some((p) => cleanPath(p) === target)) return { kind: 'tmpfs' };
  const mount = (info.Mounts ?? []).find((m) => cleanPath(m.Destination) === target);
  if (!mount) return { kind: 'none' };
  if (mount.Type === 'bind') return { kind: 'bind', source: mount.Source };
  if (mount.Type === 'tmpfs') return { kind: 'tmpfs' };
  if (mount.Type !== 'volume') return { kind: 'none' };
  const name = mount.Name ?? mount.Source;
  const given =
    (host.Binds ?? []).some((b) => {
      const bind = parseBind(b);
      return bind?.source === name && bind.destination === target;
    }) ||
    (host.Mounts ?? []).some((m) => m.Type !== 'bind' && m.Source === name && cleanPath(m.Target ?? '') === target);
  // Podman lists its anonymous volumes in Binds too, under their generated names: there a listing is no proof.
  if (engine === 'podman' && GENERATED.test(name)) return { kind: 'anonymous', source: name };
  return { kind: given || !GENERATED.test(name) ? 'named' : 'anonymous', source: name };
}

export const dataVolume: CheckKind<Params> = {
  name: 'docker.data-volume',
  paramsSchema: {
    type: 'object',
    required: ['container', 'path'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1 },
      path: { type: 'string', pattern: '^/', description: 'Path inside the container that must be kept on the host (compared after cleaning: /var/lib/mysql/ is /var/lib/mysql)' },
    },
  },
  async run(ctx, { container, path }) {
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    let storage = storageOf(info, path);
    // Only a generated name counted as given asks which engine this is (one request, then cached).
    if (storage.kind === 'named' && GENERATED.test(storage.source) && (await (await ctx.docker()).isPodman())) storage = storageOf(info, path, 'podman');
    const expected = ctx.t('volume.expected', { path });
    switch (storage.kind) {
      case 'bind':
        return pass(ctx.t('volume.bind', { path, source: storage.source }), { expected, actual: `bind ${storage.source}` });
      case 'named':
        return pass(ctx.t('volume.named', { path, source: storage.source }), { expected, actual: `volume ${storage.source}` });
      case 'anonymous':
        return fail(ctx.t('volume.anonymous', { path }), {
          expected,
          actual: ctx.t('volume.anonymousActual', { name: storage.source.slice(0, 12) }),
          hint: ctx.t('volume.anonymousHint', { path }),
        });
      case 'tmpfs':
        return fail(ctx.t('volume.tmpfs', { path }), { expected, actual: ctx.t('volume.tmpfsActual'), hint: ctx.t('volume.tmpfsHint', { path }) });
      case 'none':
        return fail(ctx.t('volume.none', { path }), { expected, actual: ctx.t('volume.noneActual'), hint: ctx.t('volume.noneHint', { path }) });
    }
  },
};

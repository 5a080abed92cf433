import type { ContainerInspectInfo } from 'dockerode';
import { fail, pass, type CheckKind } from '../types.js';
import { findContainer, isOutcome } from './container.js';

interface Params { container: string; path: string }

export type Storage =
  | { kind: 'bind'; source: string }
  | { kind: 'named'; source: string }
  | { kind: 'anonymous'; source: string }
  | { kind: 'none' };

/**
 * How a container keeps `path`. A volume counts as named only when the user gave its
 * name (-v name:/path or --mount source=name); Docker's own 64-hex names are anonymous.
 */
export function storageOf(info: ContainerInspectInfo, path: string): Storage {
  const mount = (info.Mounts ?? []).find((m) => m.Destination === path);
  if (!mount) return { kind: 'none' };
  if (mount.Type === 'bind') return { kind: 'bind', source: mount.Source };
  const binds = info.HostConfig.Binds ?? [];
  const mounts = ((info.HostConfig as { Mounts?: { Source?: string; Target?: string }[] }).Mounts ?? []);
  // Podman lists its anonymous volumes in Binds too, under their generated 64-hex names.
  const given = (source: string | undefined) => !!source && !(source === mount.Name && /^[0-9a-f]{64}$/.test(source));
  const named =
    binds.some((b) => b.split(':')[1] === path && given(b.split(':')[0])) ||
    mounts.some((m) => m.Target === path && given(m.Source));
  return { kind: named ? 'named' : 'anonymous', source: mount.Name ?? mount.Source };
}

export const dataVolume: CheckKind<Params> = {
  name: 'docker.data-volume',
  paramsSchema: {
    type: 'object',
    required: ['container', 'path'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1 },
      path: { type: 'string', pattern: '^/', description: 'Path inside the container that must be kept on the host' },
    },
  },
  async run(ctx, { container, path }) {
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    const storage = storageOf(info, path);
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
      case 'none':
        return fail(ctx.t('volume.none', { path }), { expected, actual: ctx.t('volume.noneActual'), hint: ctx.t('volume.noneHint', { path }) });
    }
  },
};

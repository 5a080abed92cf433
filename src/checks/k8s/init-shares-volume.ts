import { fail, pass, type CheckKind } from '../types.js';
import { isOutcome } from './objects.js';
import { requireWorkload, specOf, workloadNameParams, type PodSpec } from './workload.js';

interface Params { workload: string; path: string }

type Mount = { name: string; mountPath: string };
const mounts = (c: object): Mount[] => (c as { volumeMounts?: Mount[] }).volumeMounts ?? [];
const samePath = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

export type Sharing =
  | { ok: true; volume: string; init: string[]; main: string[] }
  | { ok: false; why: 'not-mounted' }
  | { ok: false; why: 'not-emptydir'; volume: string; type: string }
  | { ok: false; why: 'not-in-init'; volume: string };

/** Whether the main containers' `path` is an emptyDir that an init container mounts too (so it can write there). */
export function sharing(spec: PodSpec, path: string): Sharing {
  const main = spec.containers.filter((c) => mounts(c).some((m) => samePath(m.mountPath, path)));
  if (main.length === 0) return { ok: false, why: 'not-mounted' };
  const volume = mounts(main[0]).find((m) => samePath(m.mountPath, path))!.name;
  const v = (spec.volumes ?? []).find((x) => x.name === volume);
  if (!v?.emptyDir) return { ok: false, why: 'not-emptydir', volume, type: Object.keys(v ?? {}).find((k) => k !== 'name') ?? '?' };
  const init = (spec.initContainers ?? []).filter((c) => mounts(c).some((m) => m.name === volume)).map((c) => c.name);
  if (init.length === 0) return { ok: false, why: 'not-in-init', volume };
  return { ok: true, volume, init, main: main.map((c) => c.name) };
}

/** The page the main container serves lives in an emptyDir that an init container also mounts. */
export const initSharesVolume: CheckKind<Params> = {
  name: 'k8s.init-shares-volume',
  paramsSchema: {
    type: 'object',
    required: ['workload', 'path'],
    additionalProperties: false,
    properties: { ...workloadNameParams.properties, path: { type: 'string', pattern: '^/', description: 'Where the main container reads what the init container writes' } },
  },
  async run(ctx, p) {
    const w = await requireWorkload(ctx, p.workload);
    if (isOutcome(w)) return w;
    const s = sharing(specOf(w), p.path);
    const expected = ctx.t('k8s.shareExpected', { path: p.path });
    if (s.ok) return pass(ctx.t('k8s.shareOk', { volume: s.volume, init: s.init.join(', '), main: s.main.join(', '), path: p.path }), { expected, actual: `emptyDir ${s.volume}` });
    const hint = ctx.t('k8s.shareHint', { path: p.path });
    if (s.why === 'not-mounted') return fail(ctx.t('k8s.shareNotMounted', { path: p.path }), { expected, actual: ctx.t('k8s.shareFromImage'), hint });
    if (s.why === 'not-emptydir') return fail(ctx.t('k8s.shareNotEmptyDir', { volume: s.volume, type: s.type, path: p.path }), { expected, actual: `${s.type} ${s.volume}`, hint });
    return fail(ctx.t('k8s.shareNotInInit', { volume: s.volume }), { expected, actual: ctx.t('k8s.shareOnlyMain', { volume: s.volume }), hint });
  },
};

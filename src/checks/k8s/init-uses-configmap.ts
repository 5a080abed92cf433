import { fail, pass, type CheckKind } from '../types.js';
import { keysOf } from './configmap-key.js';
import { isOutcome, list } from './objects.js';
import { requireWorkload, specOf, workloadNameParams, type PodSpec } from './workload.js';

interface Params { workload: string; configmap: string; key: string }

/** How one container gets a ConfigMap. */
export interface ConfigMapUse {
  container: string;
  init: boolean;
  via: 'volume' | 'env' | 'envFrom';
  /** env: the key it names; volume: the keys its items name (undefined: every key becomes a file). */
  keys?: string[];
  /** volume: where it is mounted. */
  mountPath?: string;
  optional?: boolean;
}

type EnvVar = { name: string; valueFrom?: { configMapKeyRef?: { name?: string; key: string; optional?: boolean } } };
type EnvFrom = { configMapRef?: { name?: string; optional?: boolean } };
type Mount = { name: string; mountPath: string };

/** Every way the Pod spec's containers and init containers take the ConfigMap `name`. */
export function configMapUses(spec: PodSpec, name: string): ConfigMapUse[] {
  const volumes = new Map<string, { keys?: string[]; optional?: boolean }>();
  for (const v of spec.volumes ?? []) {
    if (v.configMap?.name === name) volumes.set(v.name, { keys: v.configMap.items?.map((i) => i.key), optional: v.configMap.optional });
    const projected = (v.projected?.sources ?? []).filter((s) => s.configMap?.name === name);
    if (projected.length) {
      const items = projected.map((s) => s.configMap!.items);
      volumes.set(v.name, { keys: items.some((i) => !i) ? undefined : items.flatMap((i) => i!.map((x) => x.key)) });
    }
  }
  const uses: ConfigMapUse[] = [];
  const add = (containers: PodSpec['containers'] | undefined, init: boolean) => {
    for (const c of (containers ?? []) as (PodSpec['containers'][number] & { env?: EnvVar[]; envFrom?: EnvFrom[]; volumeMounts?: Mount[] })[]) {
      for (const m of c.volumeMounts ?? []) {
        const v = volumes.get(m.name);
        if (v) uses.push({ container: c.name, init, via: 'volume', keys: v.keys, mountPath: m.mountPath, optional: v.optional });
      }
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.configMapKeyRef;
        if (ref?.name === name) uses.push({ container: c.name, init, via: 'env', keys: [ref.key], optional: ref.optional });
      }
      for (const e of c.envFrom ?? []) {
        if (e.configMapRef?.name === name) uses.push({ container: c.name, init, via: 'envFrom', optional: e.configMapRef.optional });
      }
    }
  };
  add(spec.initContainers, true);
  add(spec.containers, false);
  return uses;
}

/** Keys a use names that the ConfigMap does not have: the kubelet will not start that container. */
export const missingKeys = (use: ConfigMapUse, keys: string[]): string[] => (use.keys ?? []).filter((k) => !keys.includes(k));

/** The use gives the container the lab's key. */
export const givesKey = (use: ConfigMapUse, key: string): boolean => use.keys === undefined || use.keys.includes(key);

/** An init container takes the lab's key from the ConfigMap: by a volume, env (configMapKeyRef) or envFrom. */
export const initUsesConfigMap: CheckKind<Params> = {
  name: 'k8s.init-uses-configmap',
  paramsSchema: {
    type: 'object',
    required: ['workload', 'configmap', 'key'],
    additionalProperties: false,
    properties: { ...workloadNameParams.properties, configmap: { type: 'string', minLength: 1 }, key: { type: 'string', minLength: 1 } },
  },
  async run(ctx, p) {
    const w = await requireWorkload(ctx, p.workload);
    if (isOutcome(w)) return w;
    const spec = specOf(w);
    const cm = (await list(ctx, 'configmaps', ctx.namespace)).find((o) => o.metadata?.name === p.configmap);
    const keys = cm ? keysOf(cm) : [];
    const uses = configMapUses(spec, p.configmap);
    const init = uses.filter((u) => u.init);
    const expected = ctx.t('k8s.initUsesExpected', { configmap: p.configmap, key: p.key });
    const snippet = ctx.t('k8s.initUsesSnippet', { configmap: p.configmap, key: p.key });
    if (!(spec.initContainers ?? []).length) {
      return fail(ctx.t('k8s.noInitContainer', { name: p.workload }), { expected, actual: ctx.t('k8s.noInitActual'), hint: ctx.t('k8s.noInitHint', { snippet }) });
    }
    if (init.length === 0) {
      const main = uses.filter((u) => !u.init).map((u) => u.container);
      const names = (spec.initContainers ?? []).map((c) => c.name).join(', ');
      return fail(ctx.t('k8s.initNotUsing', { containers: names, configmap: p.configmap }), {
        expected,
        actual: main.length ? ctx.t('k8s.usedByMain', { containers: [...new Set(main)].join(', ') }) : ctx.t('k8s.usedByNone', { configmap: p.configmap }),
        hint: ctx.t(main.length ? 'k8s.usedByMainHint' : 'k8s.initNotUsingHint', { snippet, configmap: p.configmap }),
      });
    }
    // A missing key stops the kubelet from starting the container (CreateContainerConfigError).
    const broken = cm ? init.find((u) => !u.optional && missingKeys(u, keys).length) : undefined;
    if (broken) {
      const key = missingKeys(broken, keys)[0];
      return fail(ctx.t('k8s.initMissingKey', { container: broken.container, key, configmap: p.configmap }), {
        expected,
        actual: `key: ${key} (${ctx.t('k8s.cmKeys', { keys: keys.join(', ') || '∅' })})`,
        hint: ctx.t('k8s.missingKeyHint', { key, configmap: p.configmap, keys: keys.join(', ') || '∅', wanted: p.key }),
      });
    }
    const good = init.find((u) => givesKey(u, p.key));
    const describe = (u: (typeof init)[number]) =>
      u.via === 'volume' ? ctx.t('k8s.useVolume', { container: u.container, path: u.mountPath ?? '' }) : ctx.t(u.via === 'env' ? 'k8s.useEnv' : 'k8s.useEnvFrom', { container: u.container, key: u.keys?.[0] ?? '' });
    if (!good) {
      return fail(ctx.t('k8s.initOtherKey', { configmap: p.configmap, key: p.key }), { expected, actual: init.map(describe).join('; '), hint: snippet });
    }
    return pass(ctx.t('k8s.initUsesOk', { configmap: p.configmap, how: describe(good) }), { expected, actual: init.map(describe).join('; ') });
  },
};

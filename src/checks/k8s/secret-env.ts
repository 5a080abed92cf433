import { fail, isSecretName, mask, pass, type CheckKind } from '../types.js';
import { isOutcome, list, requireObject, workloadParams, type WorkloadRef } from './objects.js';

interface Params extends WorkloadRef { vars?: string[] }

interface EnvVar { name: string; value?: string; valueFrom?: { secretKeyRef?: unknown; configMapKeyRef?: { name?: string }; fieldRef?: unknown } }
interface EnvFrom { secretRef?: { name?: string }; configMapRef?: { name?: string }; prefix?: string }
interface Mount { name: string; mountPath: string }
interface SpecContainer { name: string; env?: EnvVar[]; envFrom?: EnvFrom[]; volumeMounts?: Mount[] }
interface Volume { name: string; secret?: unknown; projected?: { sources?: { secret?: unknown }[] } }
export interface SecretPodSpec { containers: SpecContainer[]; initContainers?: SpecContainer[]; volumes?: Volume[] }

/** Why one env var that looks secret does not come from a Secret. */
export type SecretProblem =
  | { kind: 'literal'; container: string; name: string }
  | { kind: 'configmap'; container: string; name: string; configmap: string }
  | { kind: 'file-not-secret'; container: string; name: string; path: string }
  | { kind: 'other'; container: string; name: string }
  | { kind: 'missing'; name: string };

const under = (path: string, dir: string) => path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
const isSecretVolume = (v: Volume | undefined) => !!v && (!!v.secret || (v.projected?.sources ?? []).some((s) => !!s.secret));

/**
 * Every env var whose name looks secret comes from a Secret: `valueFrom.secretKeyRef`, or a
 * `*_FILE` variable pointing into a mounted Secret volume. Only the Pod spec is read, never a
 * Secret. `configMapKeys` gives the keys of the ConfigMaps an `envFrom` takes in whole, so that
 * a password put in a ConfigMap is told too. `required`: variables that must be set that way
 * (NAME or NAME_FILE); an `envFrom` of a Secret may hold them, unseen.
 */
export function secretProblems(spec: SecretPodSpec, required: string[] = [], configMapKeys: (name: string) => string[] = () => []): SecretProblem[] {
  const problems: SecretProblem[] = [];
  const set = new Set<string>();
  let fromSecretWhole = false;
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    for (const e of c.env ?? []) {
      set.add(e.name);
      if (!isSecretName(e.name)) continue;
      if (e.valueFrom?.secretKeyRef) continue;
      if (e.valueFrom?.configMapKeyRef) {
        problems.push({ kind: 'configmap', container: c.name, name: e.name, configmap: e.valueFrom.configMapKeyRef.name ?? '?' });
      } else if (e.name.endsWith('_FILE') && e.value !== undefined && !e.valueFrom) {
        const mount = (c.volumeMounts ?? []).filter((m) => under(e.value!, m.mountPath)).sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
        if (!mount || !isSecretVolume(spec.volumes?.find((v) => v.name === mount.name))) problems.push({ kind: 'file-not-secret', container: c.name, name: e.name, path: e.value });
      } else if (e.value !== undefined && !e.valueFrom) {
        problems.push({ kind: 'literal', container: c.name, name: e.name });
      } else {
        problems.push({ kind: 'other', container: c.name, name: e.name });
      }
    }
    for (const from of c.envFrom ?? []) {
      if (from.secretRef) fromSecretWhole = true;
      if (from.configMapRef) {
        for (const key of configMapKeys(from.configMapRef.name ?? '')) {
          const name = `${from.prefix ?? ''}${key}`;
          set.add(name);
          if (isSecretName(name)) problems.push({ kind: 'configmap', container: c.name, name, configmap: from.configMapRef.name ?? '?' });
        }
      }
    }
  }
  for (const name of required) {
    if (!set.has(name) && !set.has(`${name}_FILE`) && !fromSecretWhole) problems.push({ kind: 'missing', name });
  }
  return problems;
}

/** Passwords come from Secrets; a literal is named, never shown. */
export const secretEnv: CheckKind<Params> = {
  name: 'k8s.secret-env',
  paramsSchema: {
    ...workloadParams,
    properties: {
      ...workloadParams.properties,
      vars: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Variables that must be set from a Secret (NAME, or NAME_FILE)' },
    },
  },
  async run(ctx, p) {
    const obj = await requireObject(ctx, { kind: p.kind, name: p.name });
    if (isOutcome(obj)) return obj;
    const spec = ((obj.spec?.template ? obj.spec.template.spec : obj.spec) ?? { containers: [] }) as SecretPodSpec;
    const usesConfigMaps = [...(spec.initContainers ?? []), ...spec.containers].some((c) => (c.envFrom ?? []).some((f) => f.configMapRef));
    const configmaps = usesConfigMaps ? await list(ctx, 'configmaps', ctx.namespace) : [];
    const keysOf = (name: string) => Object.keys((configmaps.find((m) => m.metadata?.name === name) as { data?: object } | undefined)?.data ?? {});
    const problems = secretProblems(spec, p.vars, keysOf);
    const expected = ctx.t('secretEnv.expected');
    if (problems.length === 0) return pass(ctx.t('secretEnv.ok'), { expected, actual: expected });
    const lines = problems.map((x) => {
      switch (x.kind) {
        case 'literal':
          // mask(): the report says that there is a value, never which.
          return ctx.t('secretEnv.literal', { name: x.name, container: x.container, value: mask('') });
        case 'configmap':
          return ctx.t('secretEnv.configmap', { name: x.name, container: x.container, configmap: x.configmap });
        case 'file-not-secret':
          return ctx.t('secretEnv.fileNotSecret', { name: x.name, container: x.container, path: x.path });
        case 'other':
          return ctx.t('secretEnv.other', { name: x.name, container: x.container });
        case 'missing':
          return ctx.t('secretEnv.missing', { name: x.name });
      }
    });
    return fail(ctx.t('secretEnv.fail', { count: problems.length }), { expected, actual: lines.join('\n'), hint: ctx.t('secretEnv.hint') });
  },
};

import { fail, pass, type CheckKind } from '../types.js';
import { manifestObjects } from './manifest.js';
import { isOutcome, podSpecOf, requireObject, workloadParams, type WorkloadRef } from './objects.js';

const KINDS = { pod: { kind: 'Pod', apiVersion: 'v1' }, daemonset: { kind: 'DaemonSet', apiVersion: 'apps/v1' } } as const;

/** Field-by-field differences between what the student wrote and what the API holds. */
export function differences(manifest: Record<string, any>, live: Record<string, any>, namespace: string): string[] {
  const diffs: string[] = [];
  const cmp = (path: string, want: unknown, got: unknown) => {
    if (want !== undefined && JSON.stringify(want) !== JSON.stringify(got)) diffs.push(`${path}: manifest ${JSON.stringify(want)} ≠ live ${JSON.stringify(got)}`);
  };
  cmp('metadata.name', manifest.metadata?.name, live.metadata?.name);
  cmp('metadata.namespace', manifest.metadata?.namespace ?? 'default', namespace);
  for (const [k, v] of Object.entries(manifest.metadata?.labels ?? {})) cmp(`metadata.labels.${k}`, v, live.metadata?.labels?.[k]);
  const prefix = manifest.spec?.template ? 'spec.template.spec' : 'spec';
  const liveContainers: Record<string, any>[] = podSpecOf(live).containers ?? [];
  (podSpecOf(manifest).containers ?? []).forEach((c: Record<string, any>, i: number) => {
    const other = liveContainers.find((l) => l.name === c.name);
    if (!other) return diffs.push(`${prefix}.containers[${i}].name: manifest ${JSON.stringify(c.name)} ≠ live ${JSON.stringify(liveContainers.map((l) => l.name))}`);
    cmp(`${prefix}.containers[${i}].image`, c.image, other.image);
    const ports = (x: Record<string, any>) => (x.ports ?? []).map((p: { containerPort: number }) => p.containerPort).sort();
    if (c.ports) cmp(`${prefix}.containers[${i}].ports`, ports(c), ports(other));
  });
  return diffs;
}

/** With --manifest: the student's YAML parses, has the right kind and apiVersion, and matches what is live. */
export const manifestMatches: CheckKind<WorkloadRef> = {
  name: 'k8s.manifest-matches',
  needsManifest: true,
  paramsSchema: workloadParams,
  async run(ctx, ref) {
    const objects = manifestObjects(ctx)!;
    const file = ctx.options.manifest!;
    const yamlError = objects.find((o) => o.__yamlError);
    if (yamlError) return fail(ctx.t('manifest.yaml', { file, reason: yamlError.__yamlError }));
    const want = KINDS[ref.kind];
    const candidates = objects.filter((o) => o.kind === want.kind);
    const manifest = candidates.find((o) => o.metadata?.name === ref.name) ?? candidates[0];
    const expected = `kind: ${want.kind}, apiVersion: ${want.apiVersion}`;
    if (!manifest) {
      return fail(ctx.t('manifest.noKind', { file, kind: want.kind }), { expected, actual: objects.map((o) => `${o.kind ?? '?'}/${o.metadata?.name ?? '?'}`).join(', ') || '∅' });
    }
    if (manifest.apiVersion !== want.apiVersion) {
      return fail(ctx.t('manifest.apiVersion', { file, kind: want.kind, apiVersion: want.apiVersion }), { expected, actual: `apiVersion: ${manifest.apiVersion}` });
    }
    const live = await requireObject(ctx, ref);
    if (isOutcome(live)) return live;
    const diffs = differences(manifest, live, ctx.namespace);
    if (diffs.length === 0) return pass(ctx.t('manifest.matches', { file }));
    return fail(ctx.t('manifest.differs', { file, count: diffs.length }), { expected: ctx.t('manifest.expected'), actual: diffs.join('\n'), hint: ctx.t('manifest.applyHint', { file }) });
  },
};

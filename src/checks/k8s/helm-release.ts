import { fail, pass, type CheckContext, type CheckKind, type Outcome } from '../types.js';
import type { KubeObject } from '../../targets/kubernetes.js';
import { isOutcome, requireObject, WORKLOADS, type WorkloadRef } from './objects.js';

/** What Helm writes on every object of a release (helm.sh/helm/v3 pkg/action, since 3.2). */
export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const RELEASE_NAME = 'meta.helm.sh/release-name';
export const RELEASE_NAMESPACE = 'meta.helm.sh/release-namespace';

export interface ReleaseObjects { objects: WorkloadRef[] }

export const releaseObjectsSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['kind', 'name'],
    additionalProperties: false,
    properties: { kind: { enum: Object.keys(WORKLOADS) }, name: { type: 'string', minLength: 1 } },
  },
} as const;

/** Each object, or the first one's failure when it is missing. */
export async function releaseObjects(ctx: CheckContext, refs: WorkloadRef[]): Promise<{ ref: WorkloadRef; obj: KubeObject }[] | Outcome> {
  const found: { ref: WorkloadRef; obj: KubeObject }[] = [];
  for (const ref of refs) {
    const obj = await requireObject(ctx, ref);
    if (isOutcome(obj)) return obj;
    found.push({ ref, obj });
  }
  return found;
}

/**
 * The objects belong to Helm release `release` in the namespace graded, as Helm itself marks them
 * (label app.kubernetes.io/managed-by=Helm and the meta.helm.sh annotations). Read from the objects:
 * the grader never reads the release's Secret.
 */
export const helmRelease: CheckKind<ReleaseObjects & { release: string }> = {
  name: 'k8s.helm-release',
  paramsSchema: {
    type: 'object',
    required: ['release', 'objects'],
    additionalProperties: false,
    properties: { release: { type: 'string', minLength: 1 }, objects: releaseObjectsSchema },
  },
  async run(ctx, p) {
    const found = await releaseObjects(ctx, p.objects);
    if (!Array.isArray(found)) return found;
    const expected = `${MANAGED_BY}=Helm, ${RELEASE_NAME}=${p.release}, ${RELEASE_NAMESPACE}=${ctx.namespace}`;
    const shown = (obj: KubeObject) => {
      const labels = obj.metadata?.labels ?? {};
      const notes = obj.metadata?.annotations ?? {};
      return `${MANAGED_BY}=${labels[MANAGED_BY] ?? '∅'}, ${RELEASE_NAME}=${notes[RELEASE_NAME] ?? '∅'}, ${RELEASE_NAMESPACE}=${notes[RELEASE_NAMESPACE] ?? '∅'}`;
    };
    for (const { ref, obj } of found) {
      const labels = obj.metadata?.labels ?? {};
      const notes = obj.metadata?.annotations ?? {};
      const actual = `${ref.kind} ${ref.name}: ${shown(obj)}`;
      if (labels[MANAGED_BY] !== 'Helm' || !notes[RELEASE_NAME]) {
        return fail(ctx.t('helm.notHelm', { kind: ref.kind, name: ref.name }), { expected, actual, hint: ctx.t('helm.notHelmHint', { release: p.release, namespace: ctx.namespace }) });
      }
      if (notes[RELEASE_NAME] !== p.release || notes[RELEASE_NAMESPACE] !== ctx.namespace) {
        return fail(ctx.t('helm.otherRelease', { kind: ref.kind, name: ref.name, release: notes[RELEASE_NAME] }), {
          expected,
          actual,
          hint: ctx.t('helm.otherReleaseHint', { release: p.release, other: notes[RELEASE_NAME], namespace: ctx.namespace }),
        });
      }
    }
    return pass(ctx.t('helm.releaseOk', { release: p.release, count: found.length }), { expected, actual: found.map(({ ref, obj }) => `${ref.kind} ${ref.name}: ${shown(obj)}`).join('\n') });
  },
};

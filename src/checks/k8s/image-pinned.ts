import type { MessageKey } from '../../i18n/index.js';
import { pinProblem } from '../image-ref.js';
import { fail, pass, type CheckContext, type CheckKind, type Outcome } from '../types.js';
import { isOutcome, podSpecOf, requireObject, workloadParams, type Container, type WorkloadRef } from './objects.js';

/** The images of a Pod spec, init containers first: an init container's image counts as much. */
export const imagesOf = (spec: { containers: Container[]; initContainers?: Container[] }): string[] =>
  [...(spec.initContainers ?? []), ...spec.containers].map((c) => c.image ?? '');

/** Pass when every image names a tag other than latest (or a digest); else the first loose one, with the hint. */
export function pinnedVerdict(ctx: CheckContext, images: string[], hint: MessageKey): Outcome {
  const loose = images.filter((i) => pinProblem(i));
  if (loose.length === 0) return pass(ctx.t('pinned.ok', { image: images.join(', ') }), { actual: images.join(', ') });
  const image = loose[0];
  return fail(ctx.t(pinProblem(image) === 'latest' ? 'pinned.latest' : 'pinned.noTag', { image }), {
    expected: ctx.t('pinned.expected'),
    actual: loose.join(', '),
    hint: ctx.t(hint),
  });
}

/** Every container of the Pod or the Pod template, init containers too, names an explicit tag other than latest. */
export const imagePinned: CheckKind<WorkloadRef> = {
  name: 'k8s.image-pinned',
  paramsSchema: workloadParams,
  async run(ctx, ref) {
    const obj = await requireObject(ctx, ref);
    if (isOutcome(obj)) return obj;
    return pinnedVerdict(ctx, imagesOf(podSpecOf(obj)), 'k8s.pinnedHint');
  },
};

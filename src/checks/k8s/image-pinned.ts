import { pinProblem } from '../image-ref.js';
import { fail, pass, type CheckKind } from '../types.js';
import { isOutcome, podSpecOf, requireObject, workloadParams, type WorkloadRef } from './objects.js';

/** Every container of the Pod or the Pod template names an explicit tag other than latest. */
export const imagePinned: CheckKind<WorkloadRef> = {
  name: 'k8s.image-pinned',
  paramsSchema: workloadParams,
  async run(ctx, ref) {
    const obj = await requireObject(ctx, ref);
    if (isOutcome(obj)) return obj;
    const images = podSpecOf(obj).containers.map((c) => c.image ?? '');
    const loose = images.filter((i) => pinProblem(i));
    if (loose.length === 0) return pass(ctx.t('pinned.ok', { image: images.join(', ') }), { actual: images.join(', ') });
    const image = loose[0];
    return fail(ctx.t(pinProblem(image) === 'latest' ? 'pinned.latest' : 'pinned.noTag', { image }), {
      expected: ctx.t('pinned.expected'),
      actual: loose.join(', '),
      hint: ctx.t('k8s.pinnedHint'),
    });
  },
};

import { pinProblem } from '../image-ref.js';
import { fail, pass, type CheckKind } from '../types.js';
import { isOutcome } from './objects.js';
import { requireWorkload, specOf, workloadNameParams } from './workload.js';

/** Every image of a Pod or Deployment, init containers included, names a tag other than latest. */
export const podImagesPinned: CheckKind<{ workload: string }> = {
  name: 'k8s.pod-images-pinned',
  paramsSchema: workloadNameParams,
  async run(ctx, p) {
    const w = await requireWorkload(ctx, p.workload);
    if (isOutcome(w)) return w;
    const spec = specOf(w);
    const images = [...(spec.initContainers ?? []), ...spec.containers].map((c) => c.image ?? '');
    const loose = images.filter((i) => pinProblem(i));
    if (loose.length === 0) return pass(ctx.t('pinned.ok', { image: images.join(', ') }), { actual: images.join(', ') });
    const image = loose[0];
    return fail(ctx.t(pinProblem(image) === 'latest' ? 'pinned.latest' : 'pinned.noTag', { image }), {
      expected: ctx.t('pinned.expected'),
      actual: loose.join(', '),
      hint: ctx.t('k8s.initPinnedHint'),
    });
  },
};

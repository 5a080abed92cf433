import type { CheckKind } from '../types.js';
import { imagesOf, pinnedVerdict } from './image-pinned.js';
import { isOutcome } from './objects.js';
import { requireWorkload, specOf, workloadNameParams } from './workload.js';

/** Every image of a Pod or Deployment, init containers included, names a tag other than latest. */
export const podImagesPinned: CheckKind<{ workload: string }> = {
  name: 'k8s.pod-images-pinned',
  paramsSchema: workloadNameParams,
  async run(ctx, p) {
    const w = await requireWorkload(ctx, p.workload);
    if (isOutcome(w)) return w;
    return pinnedVerdict(ctx, imagesOf(specOf(w)), 'k8s.initPinnedHint');
  },
};

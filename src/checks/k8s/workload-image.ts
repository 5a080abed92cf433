import { normalizeImageRef } from '../image-ref.js';
import { fail, pass, type CheckKind } from '../types.js';
import { imagesOf } from './image-pinned.js';
import { isOutcome, podSpecOf, requireObject, WORKLOADS, type WorkloadRef } from './objects.js';

/** Same image, however it is spelt (nginx:1.22 is docker.io/library/nginx:1.22). */
export function sameImage(a: string, b: string): boolean {
  const x = normalizeImageRef(a);
  const y = normalizeImageRef(b);
  return x.domain === y.domain && x.path === y.path && (x.tag ?? 'latest') === (y.tag ?? 'latest') && x.digest === y.digest;
}

/** A container of the Pod or Pod template runs exactly this image and tag (lab 12: the value image.tag took effect). */
export const workloadImage: CheckKind<WorkloadRef & { image: string }> = {
  name: 'k8s.workload-image',
  paramsSchema: {
    type: 'object',
    required: ['kind', 'name', 'image'],
    additionalProperties: false,
    properties: { kind: { enum: Object.keys(WORKLOADS) }, name: { type: 'string', minLength: 1 }, image: { type: 'string', minLength: 1 } },
  },
  async run(ctx, p) {
    const obj = await requireObject(ctx, p);
    if (isOutcome(obj)) return obj;
    const images = imagesOf(podSpecOf(obj));
    const actual = images.join(', ') || '∅';
    if (images.some((i) => sameImage(i, p.image))) return pass(ctx.t('helm.imageOk', { image: p.image }), { expected: p.image, actual });
    return fail(ctx.t('helm.imageWrong', { kind: p.kind, name: p.name, image: p.image }), { expected: p.image, actual, hint: ctx.t('helm.imageHint', { image: p.image }) });
  },
};

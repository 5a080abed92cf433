import { isRepository } from '../image-ref.js';
import { fail, pass, type CheckKind } from '../types.js';
import { isOutcome, podSpecOf, requireObject } from './objects.js';

interface Params { pod: string; repository: string }

/** Some container of the Pod runs the image repository asked for (spelt as on Docker Hub), from any registry's copy of it. */
export const podImage: CheckKind<Params> = {
  name: 'k8s.pod-image',
  paramsSchema: {
    type: 'object',
    required: ['pod', 'repository'],
    additionalProperties: false,
    properties: { pod: { type: 'string', minLength: 1 }, repository: { type: 'string', minLength: 1 } },
  },
  async run(ctx, p) {
    const pod = await requireObject(ctx, { kind: 'pod', name: p.pod });
    if (isOutcome(pod)) return pod;
    const images = podSpecOf(pod).containers.map((c) => c.image ?? '');
    const expected = `${p.repository}:<tag>`;
    const match = images.find((i) => isRepository(i, p.repository));
    if (match) return pass(ctx.t('image.ok', { image: match }), { expected, actual: match });
    return fail(ctx.t('image.wrong', { name: p.pod, repository: p.repository }), { expected, actual: images.join(', ') });
  },
};

import { parseImageRef } from '../image-ref.js';
import { fail, pass, type CheckKind } from '../types.js';
import { findContainer, isOutcome } from './container.js';

interface Params { container: string; repository: string }

export const imageName: CheckKind<Params> = {
  name: 'docker.image-name',
  paramsSchema: {
    type: 'object',
    required: ['container', 'repository'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1 },
      repository: { type: 'string', minLength: 1, description: 'Image repository without registry or tag, e.g. mysql' },
    },
  },
  async run(ctx, { container, repository }) {
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    const image = info.Config.Image;
    const ref = parseImageRef(image);
    if (ref.repository === repository) return pass(ctx.t('image.ok', { image }));
    return fail(ctx.t('image.wrong', { name: container, repository }), { expected: `${repository}:<tag>`, actual: image });
  },
};

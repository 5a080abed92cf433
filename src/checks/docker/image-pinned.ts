import { pinProblem } from '../image-ref.js';
import { fail, pass, type CheckKind } from '../types.js';
import { containerParams, findContainer, isOutcome } from './container.js';

export const imagePinned: CheckKind<{ container: string }> = {
  name: 'docker.image-pinned',
  paramsSchema: containerParams,
  async run(ctx, { container }) {
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    const image = info.Config.Image;
    const problem = pinProblem(image);
    if (!problem) return pass(ctx.t('pinned.ok', { image }));
    return fail(ctx.t(problem === 'latest' ? 'pinned.latest' : 'pinned.noTag', { image }), {
      expected: ctx.t('pinned.expected'),
      actual: image,
    });
  },
};

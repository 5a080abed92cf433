import { pinProblem, pinProblemOfImage } from '../image-ref.js';
import { fail, pass, type CheckKind } from '../types.js';
import { containerParams, findContainer, isOutcome } from './container.js';
import { imageNamesOf, namesText } from './image-of.js';

export const imagePinned: CheckKind<{ container: string }> = {
  name: 'docker.image-pinned',
  paramsSchema: containerParams,
  async run(ctx, { container }) {
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    const names = await imageNamesOf(ctx, info);
    const expected = ctx.t('pinned.expected');
    if (!names.byId) {
      const image = names.ref;
      const problem = pinProblem(image);
      if (!problem) return pass(ctx.t('pinned.ok', { image }));
      return fail(ctx.t(problem === 'latest' ? 'pinned.latest' : 'pinned.noTag', { image }), { expected, actual: image });
    }
    // Run by image ID: the image's own tags and digests say which version it is.
    const refs = namesText(names, ctx.t('image.untagged'));
    const actual = `${names.id} (${refs})`;
    const problem = pinProblemOfImage(names.tags, names.digests);
    // Say which of its names pin it: a digest, else the tags other than latest.
    const pinning = names.digests.length ? names.digests : names.tags.filter((t) => !pinProblem(t));
    if (!problem) return pass(ctx.t('pinned.okById', { id: names.id, refs: pinning.join(', ') }), { actual });
    return fail(ctx.t(problem === 'latest' ? 'pinned.latestById' : 'pinned.untaggedById', { id: names.id, refs }), { expected, actual });
  },
};

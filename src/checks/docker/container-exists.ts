import { closest } from '../similar.js';
import { fail, pass, type CheckKind } from '../types.js';
import { containerParams } from './container.js';

export const containerExists: CheckKind<{ container: string }> = {
  name: 'docker.container-exists',
  paramsSchema: containerParams,
  async run(ctx, { container }) {
    const docker = await ctx.docker();
    if (await docker.inspect(container)) return pass(ctx.t('container.found', { name: container }));
    const names = await docker.containerNames();
    const near = closest(container, names);
    return fail(ctx.t('container.missing', { name: container }), {
      expected: container,
      actual: names.length ? names.join(', ') : ctx.t('container.none'),
      hint: near.length ? ctx.t('container.didYouMean', { names: near.join(', '), name: container }) : undefined,
    });
  },
};

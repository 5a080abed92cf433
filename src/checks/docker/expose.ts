import { error, fail, pass, type CheckKind } from '../types.js';
import { findContainer, isOutcome } from './container.js';

interface Params { container: string; port: string }

/**
 * The container's image declares the port (`EXPOSE` in its Dockerfile). The image's own config
 * is read, not the container's: `-p` and `--expose` add ports there at run time.
 */
export const expose: CheckKind<Params> = {
  name: 'docker.expose',
  paramsSchema: {
    type: 'object',
    required: ['container', 'port'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1 },
      port: { type: 'string', pattern: '^[0-9]+/(tcp|udp)$', description: 'The port the image must declare, e.g. 5000/tcp' },
    },
  },
  async run(ctx, { container, port }) {
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    const image = await (await ctx.docker()).image(info.Image);
    if (!image) return error(ctx.t('expose.noImage', { image: info.Config.Image }));
    const declared = Object.keys(image.Config?.ExposedPorts ?? {}).sort();
    const actual = declared.join(', ') || ctx.t('expose.none');
    if (declared.includes(port)) return pass(ctx.t('expose.ok', { image: info.Config.Image, port }), { expected: port, actual });
    const atRun = Object.keys(info.Config.ExposedPorts ?? {}).includes(port);
    return fail(ctx.t(atRun ? 'expose.onlyAtRun' : 'expose.missing', { image: info.Config.Image, port }), {
      expected: port,
      actual,
      hint: ctx.t('expose.hint', { port: port.split('/')[0] }),
    });
  },
};

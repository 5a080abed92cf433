import { ANY_REGISTRY, isOneOf, isRepository } from '../image-ref.js';
import { fail, pass, type CheckKind } from '../types.js';
import { findContainer, isOutcome } from './container.js';
import { imageNamesOf, namesText } from './image-of.js';

interface Params { container: string; repository: string; registries?: string[]; also?: string[] }

export const imageName: CheckKind<Params> = {
  name: 'docker.image-name',
  paramsSchema: {
    type: 'object',
    required: ['container', 'repository'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1 },
      repository: {
        type: 'string',
        pattern: '^[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*$',
        description:
          'Image repository as Docker Hub spells it, without registry, tag or digest. A single name (mysql) is the ' +
          'official image, library/mysql; user/name (bitnami/mysql) is that user\'s. Read the way Docker reads ' +
          'references: docker.io/library/mysql, library/mysql and index.docker.io/library/mysql are all mysql, and ' +
          'another registry\'s copy keeps the path (mirror.gcr.io/library/mysql, or under a proxy\'s project: ' +
          'harbor.example/hub/library/mysql). evil.example/mysql and someuser/mysql are other images. A container ' +
          'run by image ID is named by that image\'s tags and digests.',
      },
      registries: {
        type: 'array',
        minItems: 1,
        items: { type: 'string', minLength: 1 },
        default: [ANY_REGISTRY],
        description:
          `Registries whose copy counts: host names such as docker.io or mirror.gcr.io (docker.io also covers ` +
          `index.docker.io and registry-1.docker.io), or "${ANY_REGISTRY}" for any registry. Default: any.`,
      },
      also: {
        type: 'array',
        items: { type: 'string', pattern: '^[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)+$' },
        description:
          'The same image where its project publishes it under a registry and path of its own, written registry/path ' +
          '(registry.fedoraproject.org/fedora, quay.io/fedora/fedora): those count too, with any tag or digest.',
      },
    },
  },
  async run(ctx, { container, repository, registries, also = [] }) {
    const matches = (ref: string) => isRepository(ref, repository, registries) || isOneOf(ref, also);
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    const names = await imageNamesOf(ctx, info);
    const expected = `${repository}:<tag>`;
    if (!names.byId) {
      const image = names.ref;
      if (matches(image)) return pass(ctx.t('image.ok', { image }));
      return fail(ctx.t('image.wrong', { name: container, repository }), { expected, actual: image });
    }
    const refs = namesText(names, ctx.t('image.untagged'));
    const actual = `${names.id} (${refs})`;
    const matching = [...names.tags, ...names.digests].filter(matches);
    if (matching.length) return pass(ctx.t('image.okById', { id: names.id, refs: matching.join(', ') }), { actual });
    return fail(ctx.t('image.wrongById', { name: container, id: names.id, repository, refs }), { expected, actual });
  },
};

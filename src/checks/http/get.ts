import { publishedEndpoint } from '../../targets/docker-inspect.js';
import { findContainer, isOutcome, outOfReach } from '../docker/container.js';
import { errorReason } from '../../errors.js';
import { fail, pass, type CheckKind } from '../types.js';
import { describeAnswer, describeExpectation, expectationSchema, httpGet, matches, type Expectation } from './answer.js';

interface Params { container: string; port: string; path: string; accept: Expectation[] }

/** GET through the container's published port, as a browser on the host would. */
export const httpGetPublished: CheckKind<Params> = {
  name: 'http.get',
  paramsSchema: {
    type: 'object',
    required: ['container', 'port', 'accept'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1 },
      port: { type: 'string', pattern: '^[0-9]+/tcp$', description: 'Container port whose published host port is dialled' },
      path: { type: 'string', pattern: '^/', default: '/' },
      accept: { type: 'array', minItems: 1, items: expectationSchema, description: 'Answers that pass; any one will do' },
    },
  },
  async run(ctx, p) {
    const info = await findContainer(ctx, p.container);
    if (isOutcome(info)) return info;
    const blocked = await outOfReach(ctx, info, p.port);
    if (blocked) return blocked;
    const endpoint = publishedEndpoint(await ctx.docker(), info, p.port);
    const expected = p.accept.map(describeExpectation).join(ctx.t('http.or'));
    if (!endpoint) return fail(ctx.t('http.notPublished', { port: p.port }), { expected, actual: ctx.t('port.notPublished') });
    const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
    const url = `http://${host}:${endpoint.port}${p.path ?? '/'}`;
    try {
      const answer = await httpGet(url, ctx.signal);
      const actual = describeAnswer(answer);
      if (p.accept.some((e) => matches(answer, e))) return pass(ctx.t('http.ok', { url, answer: actual }), { expected, actual });
      return fail(ctx.t('http.unexpected', { url }), { expected, actual });
    } catch (err) {
      const reason = errorReason(err);
      return fail(ctx.t('http.unreachable', { url, reason }), { expected, actual: reason, retry: true });
    }
  },
};

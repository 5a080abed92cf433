import type { ContainerInspectInfo } from 'dockerode';
import { findContainer, isOutcome, onRefused, publishedPortProperties, startingUp } from '../docker/container.js';
import { errorReason } from '../../errors.js';
import { publishedBase } from './published.js';
import { fail, pass, type CheckContext, type CheckKind } from '../types.js';
import { describeAnswer, describeExpectation, expectationSchema, httpGet, matches, type Expectation } from './answer.js';

/** A container the site's answer depends on, and the log line that says it is ready (a regular expression). */
interface Backend { container: string; readyLog?: string }

interface Params { container: string; port: string; hostPort?: number; path: string; accept: Expectation[]; backends?: Backend[] }

/** GET through the container's published port, as a browser on the host would. */
export const httpGetPublished: CheckKind<Params> = {
  name: 'http.get',
  paramsSchema: {
    type: 'object',
    required: ['container', 'port', 'accept'],
    additionalProperties: false,
    properties: {
      ...publishedPortProperties,
      path: { type: 'string', pattern: '^/', default: '/' },
      accept: { type: 'array', minItems: 1, items: expectationSchema, description: 'Answers that pass; any one will do' },
      backends: {
        type: 'array',
        items: {
          type: 'object',
          required: ['container'],
          additionalProperties: false,
          properties: {
            container: { type: 'string', minLength: 1 },
            readyLog: { type: 'string', minLength: 1, description: 'A line (regular expression) in its logs once it is ready, such as MySQL\'s "ready for connections.*port: 3306"' },
          },
        },
        description:
          'Containers the answer depends on (the database behind a site). While one of them may still be starting ' +
          '(its healthcheck says so, or it started moments ago and has not logged its readyLog yet), another answer is ' +
          'a "not yet": asked again, and not graded if still so when time is up. A backend that does not exist is stood in for by the site\'s own container',
      },
    },
  },
  async run(ctx, p) {
    const info = await findContainer(ctx, p.container);
    if (isOutcome(info)) return info;
    const expected = p.accept.map(describeExpectation).join(ctx.t('http.or'));
    const base = await publishedBase(ctx, info, p, expected);
    if (typeof base !== 'string') return base;
    const url = `${base}${p.path ?? '/'}`;
    try {
      const answer = await httpGet(url, ctx.signal);
      const actual = describeAnswer(answer);
      if (p.accept.some((e) => matches(answer, e))) return pass(ctx.t('http.ok', { url, answer: actual }), { expected, actual });
      // The site may answer "no database" only because its database is still starting up.
      const settling = (await backendStarting(ctx, info, p.backends ?? [])) ? { retry: true, starting: true } : {};
      return fail(ctx.t('http.unexpected', { url }), { expected, actual, ...settling });
    } catch (err) {
      const reason = errorReason(err);
      // Unreachable while the server starts (Apache's first seconds) is "not yet"; long after, the answer.
      const notYet = onRefused(info);
      return fail(ctx.t('http.unreachable', { url, reason }), { expected, actual: reason, ...notYet });
    }
  },
};

/**
 * Whether a backend may still be starting: its healthcheck says so, or it started moments ago and
 * has not logged that it is ready. One that does not exist (misspelled, so the site uses another)
 * cannot be asked: then the site container's own start stands in for it.
 */
async function backendStarting(ctx: CheckContext, site: ContainerInspectInfo, backends: Backend[]): Promise<boolean> {
  const docker = await ctx.docker();
  for (const b of backends) {
    if (ctx.attempt > 1) docker.forget(b.container);
    const info = await docker.inspect(b.container);
    if (!startingUp(info ?? site)) continue;
    if (info && b.readyLog && new RegExp(b.readyLog).test(await docker.logTail(b.container, 200).catch(() => ''))) continue;
    return true;
  }
  return false;
}

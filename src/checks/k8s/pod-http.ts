import { describeAnswer, describeExpectation, expectationSchema, matches, type Expectation } from '../http/answer.js';
import { fail, pass, type CheckKind } from '../types.js';
import { podDiagnosis } from './diagnosis.js';
import { isOutcome, requireObject } from './objects.js';

interface Params { pod: string; port: number; path?: string; accept: Expectation[] }

/** GET through the API server's pod proxy: proof the container serves, not just that it runs. */
export const podHttp: CheckKind<Params> = {
  name: 'k8s.pod-http',
  paramsSchema: {
    type: 'object',
    required: ['pod', 'port', 'accept'],
    additionalProperties: false,
    properties: {
      pod: { type: 'string', minLength: 1 },
      port: { type: 'integer', minimum: 1, maximum: 65535 },
      path: { type: 'string', pattern: '^/', default: '/' },
      accept: { type: 'array', minItems: 1, items: expectationSchema, description: 'Answers that pass; any one will do' },
    },
  },
  async run(ctx, p) {
    const pod = await requireObject(ctx, { kind: 'pod', name: p.pod });
    if (isOutcome(pod)) return pod;
    const kube = await ctx.kube();
    const path = p.path ?? '/';
    const where = `pods/${p.pod}:${p.port}/proxy${path}`;
    const expected = p.accept.map(describeExpectation).join(ctx.t('http.or'));
    // podProxyGet throws only when the API server itself cannot be asked: an error, not the student's fail.
    const answer = await kube.podProxyGet(ctx.namespace, p.pod, p.port, path);
    const actual = describeAnswer(answer);
    if (p.accept.some((e) => matches(answer, e))) return pass(ctx.t('http.ok', { url: where, answer: actual }), { expected, actual });
    return fail(ctx.t('k8s.proxyUnexpected', { where }), { expected, actual, hint: await podDiagnosis(ctx, pod) });
  },
};

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { errorReason } from '../../errors.js';
import { describeAnswer, describeExpectation, expectationSchema, matches, type Answer, type Expectation } from '../http/answer.js';
import { fail, pass, type CheckKind } from '../types.js';
import { ingressIsFresh, ingressUrl } from './ingress.js';
import { isOutcome, requireObject } from './objects.js';

interface Params { ingress: string; host: string; path?: string; accept: Expectation[] }

/** GET url with that Host header, as a browser asking for http://host/path would reach the controller; redirects not followed. */
export function getWithHost(url: string, host: string, signal: AbortSignal, timeoutMs = 10_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    // A self-signed certificate is what an ingress has in a lab; the answer is what is graded, not the certificate.
    const req = send(u, { method: 'GET', headers: { host, 'user-agent': 'lab-grader' }, signal, timeout: timeoutMs, servername: host, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * The page through the ingress controller, as a visitor gets it: GET path with the Host header the
 * statement gives, at the controller's address (LAB_INGRESS_URL, else the Ingress's loopback status
 * address, else http://127.0.0.1; see ingressUrl). A controller that has not loaded a new Ingress
 * yet (404/503 in its first seconds) is asked again.
 */
export const ingressHttp: CheckKind<Params> = {
  name: 'k8s.ingress-http',
  paramsSchema: {
    type: 'object',
    required: ['ingress', 'host', 'accept'],
    additionalProperties: false,
    properties: {
      ingress: { type: 'string', minLength: 1 },
      host: { type: 'string', minLength: 1, description: 'The Host header sent, the name the statement gives' },
      path: { type: 'string', pattern: '^/', default: '/' },
      accept: { type: 'array', minItems: 1, items: expectationSchema, description: 'Answers that pass; any one will do' },
    },
  },
  async run(ctx, p) {
    const ing = await requireObject(ctx, { kind: 'ingress', name: p.ingress });
    if (isOutcome(ing)) return ing;
    const { url, from } = ingressUrl(ing, process.env);
    const path = p.path ?? '/';
    const shown = `http://${p.host}${path}`;
    const expected = p.accept.map(describeExpectation).join(ctx.t('http.or'));
    const via = ctx.t(`k8s.ing.via.${from}`, { url });
    const fresh = ingressIsFresh(ing);
    let answer: Answer;
    try {
      answer = await getWithHost(`${url}${path}`, p.host, ctx.signal);
    } catch (err) {
      const reason = errorReason(err);
      return fail(ctx.t('k8s.ing.unreachable', { url, reason }), { expected, actual: `${via}: ${reason}`, hint: ctx.t('k8s.ing.unreachableHint', { url }), retry: fresh });
    }
    const actual = `${shown} ${via}: ${describeAnswer(answer)}`;
    if (p.accept.some((e) => matches(answer, e))) return pass(ctx.t('k8s.ing.httpOk', { url: shown }), { expected, actual });
    const hint =
      answer.status === 404
        ? ctx.t('k8s.ing.http404', { host: p.host, path })
        : answer.status === 502 || answer.status === 503
          ? ctx.t('k8s.ing.http503', { namespace: ctx.namespace })
          : ctx.t('k8s.ing.httpOther', { host: p.host, path });
    return fail(ctx.t('k8s.ing.httpWrong', { url: shown }), { expected, actual, hint, retry: fresh && answer.status >= 404 });
  },
};

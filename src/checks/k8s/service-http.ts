import { describeAnswer, describeExpectation, expectationSchema, matches, type Expectation } from '../http/answer.js';
import { fail, pass, type CheckKind } from '../types.js';
import { isOutcome, list, requireObject } from './objects.js';
import { readyEndpoints, servicePort, showPorts } from './service-endpoints.js';

interface Params { service: string; port: number; path?: string; accept: Expectation[]; minPods: number }

/** How many Pods answer, told from what each ready endpoint's Pod said, and whether that is at least minPods. */
export function countServing(answers: { ok: boolean }[], minPods: number): { serving: number; total: number; enough: boolean } {
  const serving = answers.filter((a) => a.ok).length;
  return { serving, total: answers.length, enough: serving >= minPods };
}

const SHOWN = 5;

/**
 * The web answers through the Service (the API server's service proxy, which picks one ready
 * endpoint as a client of the Service would be balanced), and more than one Pod behind it
 * serves the page: each ready endpoint's Pod is asked through the pod proxy, on the port the
 * Service reaches it on.
 */
export const serviceHttp: CheckKind<Params> = {
  name: 'k8s.service-http',
  paramsSchema: {
    type: 'object',
    required: ['service', 'port', 'accept', 'minPods'],
    additionalProperties: false,
    properties: {
      service: { type: 'string', minLength: 1 },
      port: { type: 'integer', minimum: 1, maximum: 65535, description: "The Service's port" },
      path: { type: 'string', pattern: '^/', default: '/' },
      accept: { type: 'array', minItems: 1, items: expectationSchema, description: 'Answers that pass; any one will do' },
      minPods: { type: 'integer', minimum: 1, description: 'Pods behind the Service that must each serve the page' },
    },
  },
  async run(ctx, p) {
    const svc = await requireObject(ctx, { kind: 'service', name: p.service });
    if (isOutcome(svc)) return svc;
    const kube = await ctx.kube();
    const path = p.path ?? '/';
    const expected = ctx.t('k8s.svcHttp.expected', { answer: p.accept.map(describeExpectation).join(ctx.t('http.or')), pods: p.minPods });
    const sp = servicePort(svc, p.port);
    if (!sp) return fail(ctx.t('k8s.svc.noPort', { service: p.service, port: p.port }), { expected, actual: showPorts(svc), hint: ctx.t('k8s.svc.portHint', { port: p.port }) });

    // Both proxies throw only when the API server itself cannot be asked: an error, not the student's fail.
    const viaService = await kube.serviceProxyGet(ctx.namespace, p.service, p.port, path);
    const serviceOk = p.accept.some((e) => matches(viaService, e));
    const endpoints = readyEndpoints(await list(ctx, 'endpointslices', ctx.namespace), p.service, sp).filter((e) => e.pod && e.port);
    const answers = await Promise.all(
      endpoints.map(async (e) => {
        const answer = await kube.podProxyGet(ctx.namespace, e.pod!, e.port!, path);
        return { ...e, answer, ok: p.accept.some((x) => matches(answer, x)) };
      }),
    );
    const { serving, total, enough } = countServing(answers, p.minPods);
    const silent = answers.filter((a) => !a.ok).slice(0, SHOWN).map((a) => `${a.pod} (${a.node ?? '—'}): ${describeAnswer(a.answer)}`);
    const actual = [
      ctx.t('k8s.svcHttp.viaService', { service: `${p.service}:${p.port}`, answer: describeAnswer(viaService) }),
      ctx.t('k8s.svcHttp.pods', { serving, total }),
      ...silent,
    ].join('\n');
    // Every ready endpoint must serve, not just enough of them: the API server's service proxy
    // picks one at random, so with a silent Pod behind the Service the same attempt would pass or
    // fail by chance (and a third of the students' visitors would get the error).
    if (serviceOk && enough && serving === total) return pass(ctx.t('k8s.svcHttp.ok', { serving, total }), { expected, actual });
    const hint =
      total === 0
        ? ctx.t('k8s.svcHttp.noEndpoints', { service: p.service, namespace: ctx.namespace })
        : total < p.minPods
          ? ctx.t('k8s.svcHttp.fewEndpoints', { total, pods: p.minPods })
          : serving < total
            ? ctx.t('k8s.svcHttp.silentPods', { namespace: ctx.namespace, pod: answers.find((a) => !a.ok)?.pod ?? '' })
            : ctx.t('k8s.svcHttp.tryIt', { service: p.service, namespace: ctx.namespace, port: p.port });
    const key = !serviceOk ? 'k8s.svcHttp.noAnswer' : enough ? 'k8s.svcHttp.someSilent' : 'k8s.svcHttp.fewServing';
    return fail(ctx.t(key, { service: p.service, serving, total, pods: p.minPods }), { expected, actual, hint });
  },
};

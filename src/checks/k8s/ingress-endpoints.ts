import { fail, pass, type CheckKind } from '../types.js';
import { backendPort, ingressBackends, ingressParams, showBackend } from './ingress.js';
import { isOutcome, list, requireObject } from './objects.js';
import { isReady } from './pod-phase.js';
import { readyEndpoints, serviceSelects } from './service-endpoints.js';

/**
 * Behind every backend Service of the Ingress there is at least one ready Pod, on the port the
 * Ingress names: without one, the controller answers 503. Pods the Service picks that are still
 * starting are waited for; a selector that picks no Pod fails at once.
 */
export const ingressEndpoints: CheckKind<{ ingress: string }> = {
  name: 'k8s.ingress-endpoints',
  paramsSchema: ingressParams,
  async run(ctx, p) {
    const ing = await requireObject(ctx, { kind: 'ingress', name: p.ingress });
    if (isOutcome(ing)) return ing;
    const services = await list(ctx, 'services', ctx.namespace);
    const slices = await list(ctx, 'endpointslices', ctx.namespace);
    const expected = ctx.t('k8s.ing.endpointsExpected');
    const lines: string[] = [];
    const empty: { service: string; selector?: Record<string, string> }[] = [];
    const seen = new Set<string>();
    for (const b of ingressBackends(ing)) {
      if (seen.has(showBackend(b))) continue;
      seen.add(showBackend(b));
      const svc = services.find((s) => s.metadata?.name === b.service);
      const sp = svc && backendPort(svc, b.port);
      if (!svc || !sp) continue; // k8s.ingress-backends says so
      const ready = readyEndpoints(slices, b.service, sp);
      lines.push(ctx.t('k8s.ing.endpointsOf', { backend: showBackend(b), ready: ready.length }));
      if (ready.length === 0) empty.push({ service: b.service, selector: svc.spec?.selector });
    }
    const actual = lines.join('\n') || '∅';
    if (lines.length === 0) return fail(ctx.t('k8s.ing.noBackends', { ingress: p.ingress }), { expected, actual, hint: ctx.t('k8s.ing.noBackendsHint') });
    if (empty.length === 0) return pass(ctx.t('k8s.ing.endpointsOk'), { expected, actual });
    const pods = await list(ctx, 'pods', ctx.namespace);
    const first = empty[0];
    const picked = pods.filter((x) => !x.metadata?.deletionTimestamp && serviceSelects(first.selector, x.metadata?.labels));
    // Pods the Service picks that are not ready yet: starting, or failing their probe; asked again until the time is up.
    const waiting = empty.some((e) => pods.some((x) => !x.metadata?.deletionTimestamp && serviceSelects(e.selector, x.metadata?.labels) && !isReady(x)));
    const vars = { service: first.service, namespace: ctx.namespace, selector: Object.entries(first.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '∅' };
    return fail(ctx.t('k8s.ing.noEndpoints', { services: empty.map((e) => e.service).join(', ') }), {
      expected,
      actual,
      hint: ctx.t(picked.length ? 'k8s.ing.podsNotReady' : 'k8s.ing.selectsNothing', vars),
      retry: waiting,
    });
  },
};

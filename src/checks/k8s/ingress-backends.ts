import { closest } from '../similar.js';
import { fail, pass, type CheckKind } from '../types.js';
import { backendPort, ingressBackends, ingressParams, showBackend } from './ingress.js';
import { isOutcome, list, requireObject } from './objects.js';
import { showPorts } from './service-endpoints.js';

/**
 * Every backend of the Ingress is a Service of this namespace that exposes the port the Ingress
 * names (its number, or its name): the controller has nowhere to send a request otherwise.
 */
export const ingressBackendsExist: CheckKind<{ ingress: string }> = {
  name: 'k8s.ingress-backends',
  paramsSchema: ingressParams,
  async run(ctx, p) {
    const ing = await requireObject(ctx, { kind: 'ingress', name: p.ingress });
    if (isOutcome(ing)) return ing;
    const backends = ingressBackends(ing);
    const expected = ctx.t('k8s.ing.backendsExpected', { namespace: ctx.namespace });
    if (backends.length === 0) {
      return fail(ctx.t('k8s.ing.noBackends', { ingress: p.ingress }), { expected, actual: ctx.t('k8s.ing.noRules'), hint: ctx.t('k8s.ing.noBackendsHint') });
    }
    const services = await list(ctx, 'services', ctx.namespace);
    const names = services.map((s) => s.metadata?.name ?? '?');
    const lines: string[] = [];
    const hints: string[] = [];
    for (const b of backends) {
      const svc = services.find((s) => s.metadata?.name === b.service);
      if (!svc) {
        lines.push(ctx.t('k8s.ing.noService', { backend: showBackend(b) }));
        const near = closest(b.service, names);
        hints.push(ctx.t(near.length ? 'k8s.ing.serviceTypo' : 'k8s.ing.serviceMissingHint', { service: b.service, names: near.join(', '), namespace: ctx.namespace, services: names.join(', ') || '∅' }));
      } else if (!backendPort(svc, b.port)) {
        lines.push(ctx.t('k8s.ing.noPort', { backend: showBackend(b), ports: showPorts(svc) }));
        const named = (svc.spec?.ports ?? []).map((x: { name?: string; port: number }) => (x.name ? `${x.port} (${x.name})` : String(x.port))).join(', ');
        hints.push(ctx.t(typeof b.port === 'number' ? 'k8s.ing.portHint' : 'k8s.ing.portNameHint', { service: b.service, port: String(b.port), ports: named || '∅' }));
      } else {
        lines.push(`${showBackend(b)} ✓`);
      }
    }
    const unique = [...new Set(lines)].join('\n');
    if (hints.length === 0) return pass(ctx.t('k8s.ing.backendsOk', { backends: [...new Set(backends.map(showBackend))].join(', ') }), { expected, actual: unique });
    return fail(ctx.t('k8s.ing.backendsBad', { ingress: p.ingress }), { expected, actual: unique, hint: [...new Set(hints)].join('\n') });
  },
};

import { fail, pass, type CheckKind } from '../types.js';
import { ownedPods, showLabels } from './deployment-pods.js';
import { isOutcome, list, requireObject } from './objects.js';
import { selectorMismatch, serviceSelects } from './service-endpoints.js';

interface Params { service: string; deployment: string }

/**
 * The Service's selector picks the Deployment's Pods (their template's labels), and no other
 * Pod of the namespace: traffic for the web must not land on something else.
 */
export const serviceSelector: CheckKind<Params> = {
  name: 'k8s.service-selects',
  paramsSchema: {
    type: 'object',
    required: ['service', 'deployment'],
    additionalProperties: false,
    properties: { service: { type: 'string', minLength: 1 }, deployment: { type: 'string', minLength: 1 } },
  },
  async run(ctx, p) {
    const svc = await requireObject(ctx, { kind: 'service', name: p.service });
    if (isOutcome(svc)) return svc;
    const d = await requireObject(ctx, { kind: 'deployment', name: p.deployment });
    if (isOutcome(d)) return d;
    const mismatch = selectorMismatch(ctx, svc, d, p.service);
    if (mismatch) return mismatch;
    const selector: Record<string, string> = svc.spec.selector;
    const vars = { service: p.service, selector: showLabels(selector), labels: showLabels(d.spec?.template?.metadata?.labels), deployment: p.deployment };
    const pods = await list(ctx, 'pods', ctx.namespace);
    const mine = new Set(ownedPods(d, await list(ctx, 'replicasets', ctx.namespace), pods).map((x) => x.metadata?.uid));
    const others = pods.filter((x) => !x.metadata?.deletionTimestamp && !mine.has(x.metadata?.uid) && serviceSelects(selector, x.metadata?.labels));
    if (others.length) {
      const names = others.map((x) => x.metadata?.name).join(', ');
      return fail(ctx.t('k8s.svc.selectsOthers', { ...vars, pods: names }), {
        expected: ctx.t('k8s.svc.selectorExpected', vars),
        actual: ctx.t('k8s.svc.selectorActual', vars),
        hint: ctx.t('k8s.svc.selectsOthersHint', vars),
      });
    }
    return pass(ctx.t('k8s.svc.selectorOk', vars), { expected: ctx.t('k8s.svc.selectorExpected', vars), actual: ctx.t('k8s.svc.selectorActual', vars) });
  },
};

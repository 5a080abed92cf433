import type { KubeObject } from '../../targets/kubernetes.js';
import { fail, pass, type CheckKind } from '../types.js';
import { isOutcome, list, requireObject } from './objects.js';

interface Params { statefulset: string; port?: number }

/** What is wrong with the StatefulSet's governing Service, first things first. */
export type HeadlessProblem =
  | { kind: 'no-service-name' }
  | { kind: 'missing'; service: string; others: string[] }
  | { kind: 'not-headless'; service: string; clusterIP: string }
  | { kind: 'selector'; service: string; selector: Record<string, string>; labels: Record<string, string> }
  | { kind: 'port'; service: string; port: number; ports: number[] };

const show = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ') || '∅';

/** The Service that spec.serviceName names exists, is headless, picks the template's Pods and lists the port. */
export function headlessProblems(sts: KubeObject, services: KubeObject[], port?: number): HeadlessProblem[] {
  const name: string | undefined = sts.spec?.serviceName;
  if (!name) return [{ kind: 'no-service-name' }];
  const svc = services.find((s) => s.metadata?.name === name);
  if (!svc) return [{ kind: 'missing', service: name, others: services.map((s) => s.metadata?.name ?? '?') }];
  const problems: HeadlessProblem[] = [];
  if (svc.spec?.clusterIP !== 'None') problems.push({ kind: 'not-headless', service: name, clusterIP: svc.spec?.clusterIP ?? '∅' });
  const selector: Record<string, string> = svc.spec?.selector ?? {};
  const labels: Record<string, string> = sts.spec?.template?.metadata?.labels ?? {};
  if (Object.keys(selector).length === 0 || Object.entries(selector).some(([k, v]) => labels[k] !== v)) problems.push({ kind: 'selector', service: name, selector, labels });
  const ports: number[] = (svc.spec?.ports ?? []).map((x: { port: number }) => x.port);
  if (port !== undefined && !ports.includes(port)) problems.push({ kind: 'port', service: name, port, ports });
  return problems;
}

/** A StatefulSet's Pods get their stable names (mimysql-0.mimysql) from a headless Service. */
export const headlessService: CheckKind<Params> = {
  name: 'k8s.headless-service',
  paramsSchema: {
    type: 'object',
    required: ['statefulset'],
    additionalProperties: false,
    properties: { statefulset: { type: 'string', minLength: 1 }, port: { type: 'integer', minimum: 1, maximum: 65535, description: 'A port the Service must list' } },
  },
  async run(ctx, p) {
    const sts = await requireObject(ctx, { kind: 'statefulset', name: p.statefulset });
    if (isOutcome(sts)) return sts;
    const service: string = sts.spec?.serviceName || p.statefulset;
    const expected = p.port ? ctx.t('headless.expected', { service, port: p.port }) : ctx.t('headless.expectedAny', { service });
    const problems = headlessProblems(sts, await list(ctx, 'services', ctx.namespace), p.port);
    if (problems.length === 0) return pass(ctx.t('headless.ok', { service }), { expected, actual: expected });
    const lines = problems.map((x) => {
      switch (x.kind) {
        case 'no-service-name':
          return ctx.t('headless.noServiceName', { name: p.statefulset });
        case 'missing':
          return ctx.t('headless.missing', { service: x.service, others: x.others.join(', ') || '∅' });
        case 'not-headless':
          return ctx.t('headless.notHeadless', { service: x.service, clusterIP: x.clusterIP });
        case 'selector':
          return ctx.t('headless.selector', { service: x.service, selector: show(x.selector), labels: show(x.labels) });
        case 'port':
          return ctx.t('headless.port', { service: x.service, port: x.port, ports: x.ports.join(', ') || '∅' });
      }
    });
    const hint = problems.some((x) => x.kind === 'not-headless') ? ctx.t('headless.recreateHint', { service }) : ctx.t('headless.hint', { service, name: p.statefulset });
    return fail(lines[0], { expected, actual: lines.join('\n'), hint });
  },
};

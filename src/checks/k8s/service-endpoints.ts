import type { KubeObject } from '../../targets/kubernetes.js';
import type { CheckContext } from '../types.js';
import { fail, pass, type CheckKind, type Outcome } from '../types.js';
import { selects } from './daemonset-selector.js';
import { rolloutOf, showLabels } from './deployment-pods.js';
import { isReady } from './pod-phase.js';
import { isOutcome, list, podSpecOf, requireObject } from './objects.js';
import { resolvePort } from './readiness-probe.js';

interface Params { service: string; deployment: string; port: number; endpoints: number }

export interface ServicePort { name?: string; port: number; targetPort?: number | string; protocol?: string }

/** One ready address behind a Service port: the Pod, its node and the port it is reached on. */
export interface Endpoint { pod?: string; node?: string; address: string; port?: number }

/**
 * The ready endpoints of a Service port, from the Service's EndpointSlices (label
 * kubernetes.io/service-name). A slice's port carries the Service port's name ("" when unnamed)
 * and the number it resolved to on the Pods. Ready unset counts as ready, as the API documents.
 */
export function readyEndpoints(slices: KubeObject[], service: string, port: ServicePort): Endpoint[] {
  const out: Endpoint[] = [];
  for (const s of slices as any[]) {
    if (s.metadata?.labels?.['kubernetes.io/service-name'] !== service) continue;
    const sp = (s.ports ?? []).find((x: { name?: string; protocol?: string }) => (x.name ?? '') === (port.name ?? '') && (x.protocol ?? 'TCP') === (port.protocol ?? 'TCP'));
    for (const e of s.endpoints ?? []) {
      if (e.conditions?.ready === false || e.conditions?.terminating) continue;
      out.push({ pod: e.targetRef?.kind === 'Pod' ? e.targetRef.name : undefined, node: e.nodeName, address: e.addresses?.[0] ?? '?', port: sp?.port ?? undefined });
    }
  }
  return out;
}

/** The Service's port with that number, and the container port its targetPort reaches on the template, if any. */
export function servicePort(service: KubeObject, port: number): ServicePort | undefined {
  return (service.spec?.ports ?? []).find((x: ServicePort) => x.port === port);
}

export const showPorts = (service: KubeObject) => (service.spec?.ports ?? []).map((x: ServicePort) => `${x.port}→${x.targetPort ?? x.port}`).join(', ') || '∅';

export const showContainerPorts = (containers: { ports?: { containerPort: number; name?: string }[] }[]) =>
  containers.flatMap((c) => c.ports ?? []).map((x) => (x.name ? `${x.name}=${x.containerPort}` : String(x.containerPort))).join(', ') || '∅';

/** Whether a Service's selector picks Pods with these labels: every label it names, with that value. Empty picks nothing. */
export function serviceSelects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return !!selector && Object.keys(selector).length > 0 && selects({ matchLabels: selector }, labels ?? {});
}

/** The failure when the Service's selector picks none of the template's Pods, naming the labels on both sides. */
export function selectorMismatch(ctx: CheckContext, service: KubeObject, deployment: KubeObject, name: string): Outcome | undefined {
  const selector: Record<string, string> | undefined = service.spec?.selector;
  const labels: Record<string, string> = deployment.spec?.template?.metadata?.labels ?? {};
  if (serviceSelects(selector, labels)) return undefined;
  const vars = { service: name, selector: showLabels(selector), labels: showLabels(labels), deployment: deployment.metadata?.name ?? '' };
  return fail(ctx.t(selector && Object.keys(selector).length ? 'k8s.svc.selectorMismatch' : 'k8s.svc.noSelector', vars), {
    expected: ctx.t('k8s.svc.selectorExpected', vars),
    actual: ctx.t('k8s.svc.selectorActual', vars),
    hint: ctx.t('k8s.svc.selectorHint', vars),
  });
}

/**
 * The Service's port reaches the port the Pods listen on, and its EndpointSlices hold that many
 * ready endpoints on it: proof that the Service really has the Deployment's Pods behind it.
 */
export const serviceEndpoints: CheckKind<Params> = {
  name: 'k8s.service-endpoints',
  paramsSchema: {
    type: 'object',
    required: ['service', 'deployment', 'port', 'endpoints'],
    additionalProperties: false,
    properties: {
      service: { type: 'string', minLength: 1 },
      deployment: { type: 'string', minLength: 1 },
      port: { type: 'integer', minimum: 1, maximum: 65535, description: "The Service's port" },
      endpoints: { type: 'integer', minimum: 1, description: 'Ready endpoints expected (the replicas)' },
    },
  },
  async run(ctx, p) {
    const svc = await requireObject(ctx, { kind: 'service', name: p.service });
    if (isOutcome(svc)) return svc;
    const d = await requireObject(ctx, { kind: 'deployment', name: p.deployment });
    if (isOutcome(d)) return d;
    const containers = podSpecOf(d).containers;
    const sp = servicePort(svc, p.port);
    if (!sp) return fail(ctx.t('k8s.svc.noPort', { service: p.service, port: p.port }), { expected: `port: ${p.port}`, actual: showPorts(svc), hint: ctx.t('k8s.svc.portHint', { port: p.port }) });
    const target = sp.targetPort ?? sp.port;
    const listening = resolvePort(target, containers);
    const expected = ctx.t('k8s.svc.endpointsExpected', { endpoints: p.endpoints, port: listening ?? target });
    if (listening === undefined) {
      const vars = { service: p.service, target: String(target), ports: showContainerPorts(containers) };
      return fail(ctx.t(typeof target === 'string' ? 'k8s.svc.targetName' : 'k8s.svc.targetPort', vars), {
        expected: ctx.t('k8s.svc.targetExpected', { ports: vars.ports }),
        actual: `targetPort: ${target}`,
        hint: ctx.t(typeof target === 'string' ? 'k8s.svc.targetNameHint' : 'k8s.svc.targetHint', vars),
      });
    }
    const mismatch = selectorMismatch(ctx, svc, d, p.service);
    const all = readyEndpoints(await list(ctx, 'endpointslices', ctx.namespace), p.service, sp);
    const right = all.filter((e) => e.port === listening);
    const actual = ctx.t('k8s.svc.endpointsActual', { ready: right.length, all: all.length });
    if (!mismatch && right.length === p.endpoints) return pass(ctx.t('k8s.svc.endpointsOk', { ready: right.length, port: listening }), { expected, actual });
    if (mismatch) return { ...mismatch, expected, actual };
    // The EndpointSlice controller follows the Pods a moment later.
    const rollout = await rolloutOf(ctx, d);
    const ready = rollout.pods.filter(isReady).length;
    return fail(ctx.t('k8s.svc.endpointsFew', { ready: right.length, endpoints: p.endpoints }), {
      expected,
      actual,
      hint: ctx.t('k8s.svc.endpointsHint', { namespace: ctx.namespace, deployment: p.deployment, pods: ready }),
      retry: rollout.waiting || ready !== right.length,
    });
  },
};

// Lab 11 (ingress): what the ingress check kinds share, pure so that it is unit-tested.
import type { KubeObject } from '../../targets/kubernetes.js';
import { isLoopback } from '../../targets/host-address.js';
import type { ServicePort } from './service-endpoints.js';

export const ingressParams = {
  type: 'object',
  required: ['ingress'],
  additionalProperties: false,
  properties: { ingress: { type: 'string', minLength: 1, description: 'The Ingress, in the namespace being graded' } },
} as const;

/** One Service an Ingress sends requests to: from a rule's path, or the default backend. */
export interface IngressBackend {
  service: string;
  /** The Service port, by number or by name, as the Ingress names it. */
  port: number | string;
  host?: string;
  path?: string;
}

/** Every Service backend of an Ingress, rules first, then spec.defaultBackend; resource backends are left out. */
export function ingressBackends(ing: KubeObject): IngressBackend[] {
  const out: IngressBackend[] = [];
  const add = (b: any, host?: string, path?: string) => {
    const svc = b?.service;
    if (!svc?.name) return;
    out.push({ service: svc.name, port: svc.port?.number ?? svc.port?.name ?? '?', host, path });
  };
  for (const rule of ing.spec?.rules ?? []) {
    for (const p of rule.http?.paths ?? []) add(p.backend, rule.host, p.path ?? '/');
  }
  if (ing.spec?.defaultBackend) add(ing.spec.defaultBackend);
  return out;
}

export const showBackend = (b: IngressBackend) => `${b.service}:${b.port}`;

/** The Service port an Ingress backend names: its number, or its name. */
export function backendPort(service: KubeObject, port: number | string): ServicePort | undefined {
  return (service.spec?.ports ?? []).find((x: ServicePort) => (typeof port === 'number' ? x.port === port : x.name === port));
}

export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
export const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/**
 * The IngressClass an Ingress belongs to: the one it names (spec.ingressClassName, or the old
 * annotation), else the cluster's default class, if there is one. `named` says which it was.
 */
export function classOf(ing: KubeObject, classes: KubeObject[]): { name?: string; named: boolean; found?: KubeObject } {
  const name: string | undefined = ing.spec?.ingressClassName ?? ing.metadata?.annotations?.[CLASS_ANNOTATION];
  if (name) return { name, named: true, found: classes.find((c) => c.metadata?.name === name) };
  const found = classes.find((c) => c.metadata?.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  return { name: found?.metadata?.name, named: false, found };
}

/**
 * Where the grader asks the ingress controller: LAB_INGRESS_URL if set; else the address the
 * controller wrote in the Ingress's status (kind with ingress-nginx: localhost), on port 80; else
 * http://127.0.0.1. Only a loopback status address is used: anything else may be an address this
 * machine does not reach (a cloud load balancer seen from inside), so then LAB_INGRESS_URL says where.
 */
export function ingressUrl(ing: KubeObject, env: NodeJS.ProcessEnv): { url: string; from: 'env' | 'status' | 'default' } {
  const fromEnv = env.LAB_INGRESS_URL?.trim();
  if (fromEnv) return { url: fromEnv.replace(/\/+$/, ''), from: 'env' };
  for (const lb of ing.status?.loadBalancer?.ingress ?? []) {
    const addr: string | undefined = lb.ip ?? lb.hostname;
    if (addr && isLoopback(addr)) return { url: `http://${addr.includes(':') ? `[${addr}]` : addr}`, from: 'status' };
  }
  return { url: 'http://127.0.0.1', from: 'default' };
}

/** Whether an Ingress was created (or its rules changed) so recently that its controller may not have it yet. */
export function ingressIsFresh(ing: KubeObject, now = Date.now(), seconds = 15): boolean {
  const meta = ing.metadata as { creationTimestamp?: string | Date; managedFields?: { time?: string | Date }[] } | undefined;
  const times = [meta?.creationTimestamp, ...(meta?.managedFields ?? []).map((f) => f.time)]
    .map((t) => (t ? new Date(t).getTime() : NaN))
    .filter((t) => !Number.isNaN(t));
  return times.length > 0 && now - Math.max(...times) < seconds * 1000;
}

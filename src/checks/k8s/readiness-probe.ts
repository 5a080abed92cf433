import type { MessageKey } from '../../i18n/index.js';
import { fail, pass, type CheckKind } from '../types.js';
import { isOutcome, podSpecOf, requireObject, workloadParams, type WorkloadRef } from './objects.js';

interface Port { containerPort: number; name?: string; protocol?: string }
export interface ProbedContainer { name: string; ports?: Port[]; readinessProbe?: any; livenessProbe?: any }

/**
 * The container port a probe, Service or proxy names: a number, or the name of one of the
 * container's ports. undefined when nothing answers to it: a name no port has, or a number
 * the containers declare none of (when they declare any).
 */
export function resolvePort(port: number | string | undefined, containers: { ports?: Port[] }[]): number | undefined {
  const ports = containers.flatMap((c) => c.ports ?? []);
  if (typeof port === 'string' && !/^\d+$/.test(port)) return ports.find((x) => x.name === port)?.containerPort;
  const n = Number(port);
  if (!Number.isInteger(n) || n < 1) return undefined;
  return ports.length === 0 || ports.some((x) => x.containerPort === n) ? n : undefined;
}

/** What is wrong with a container's readiness probe, as a message key and its values; undefined when nothing. */
export function probeProblem(c: ProbedContainer): { key: MessageKey; vars: Record<string, string> } | undefined {
  const probe = c.readinessProbe;
  if (!probe) return { key: c.livenessProbe ? 'k8s.probe.onlyLiveness' : 'k8s.probe.missing', vars: { container: c.name } };
  const port = probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port;
  if (port !== undefined && resolvePort(port, [c]) === undefined) {
    return { key: 'k8s.probe.port', vars: { container: c.name, port: String(port), ports: (c.ports ?? []).map((x) => (x.name ? `${x.name}=${x.containerPort}` : String(x.containerPort))).join(', ') } };
  }
  return undefined;
}

export const describeProbe = (probe: any): string => {
  if (probe?.httpGet) return `httpGet ${probe.httpGet.path ?? '/'} :${probe.httpGet.port}`;
  if (probe?.tcpSocket) return `tcpSocket :${probe.tcpSocket.port}`;
  if (probe?.grpc) return `grpc :${probe.grpc.port}`;
  if (probe?.exec) return `exec ${(probe.exec.command ?? []).join(' ')}`;
  return '∅';
};

/**
 * Every container that serves a port has a readiness probe aimed at a port it declares: until it
 * answers, the Pod stays out of the Service. (kwok, on the test cluster, marks Pods Ready whatever
 * their probe says: only this check tells there whether there is one.)
 */
export const readinessProbe: CheckKind<WorkloadRef> = {
  name: 'k8s.readiness-probe',
  paramsSchema: workloadParams,
  async run(ctx, ref) {
    const obj = await requireObject(ctx, ref);
    if (isOutcome(obj)) return obj;
    const containers = podSpecOf(obj).containers as ProbedContainer[];
    const serving = containers.some((c) => c.ports?.length) ? containers.filter((c) => c.ports?.length) : containers;
    const actual = serving.map((c) => `${c.name}: ${describeProbe(c.readinessProbe)}`).join(' · ');
    const expected = ctx.t('k8s.probe.expected');
    for (const c of serving) {
      const problem = probeProblem(c);
      if (problem) return fail(ctx.t(problem.key, problem.vars), { expected, actual, hint: ctx.t('k8s.probe.hint') });
    }
    return pass(ctx.t('k8s.probe.ok', { probes: actual }), { expected, actual });
  },
};

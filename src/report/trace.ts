import { createHash } from 'node:crypto';
import type { DockerTarget } from '../targets/docker.js';
import type { KubeObject, KubeTarget, ListedKind } from '../targets/kubernetes.js';
import type { ExamWindow } from './exam.js';

/**
 * What a signed report was graded on (README "Traceable grades"): the engine or cluster, the
 * creation time of every object the checks read, when it was graded, and the instructor's nonce
 * and exam window when given. It sits inside the JSON report, so the signature covers it.
 */
export interface Trace {
  gradedAt: string;
  /** The Docker engine: its /info ID (Podman's is new on every call: a fingerprint of the host instead) and host name. */
  engine?: { identity: string; id?: string; name?: string; endpoint: string; podman?: boolean; error?: string };
  /** The cluster: its kube-system namespace's UID, the API server and the namespaces graded. */
  cluster?: { identity: string; kubeSystemUid?: string; server: string; context: string; namespaces: string[]; error?: string };
  /** Every object a check read, with its creation time. */
  objects: TracedObject[];
  nonce?: string;
  exam?: { token: string; start: string; end: string; nonce?: string; inside: boolean };
}

export interface TracedObject {
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  created?: string;
}

// Events come and go on their own, nodes are the cluster's: neither is the student's work.
const UNTRACED: readonly ListedKind[] = ['events', 'nodes'];

const iso = (value: unknown): string | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value as string);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

/** Records what the checks read through the run's targets, with no request of its own per object. */
export class Tracer {
  private readonly objects = new Map<string, TracedObject>();
  private readonly namespaces = new Set<string>();
  private dockerTarget?: Promise<DockerTarget>;
  private kubeTarget?: Promise<KubeTarget>;

  /** The run's lazy targets, wrapped: what a check reads is recorded on the way back. */
  wrap(targets: { docker: () => Promise<DockerTarget>; kube: () => Promise<KubeTarget> }) {
    return {
      docker: () => (this.dockerTarget ??= targets.docker().then((d) => this.tracingDocker(d))),
      kube: () => (this.kubeTarget ??= targets.kube().then((k) => this.tracingKube(k))),
    };
  }

  private add(o: TracedObject) {
    this.objects.set(`${o.kind}/${o.namespace ?? ''}/${o.uid ?? o.name}`, o);
  }

  private tracingDocker(docker: DockerTarget): DockerTarget {
    return proxy(docker, {
      inspect: (name: string) =>
        docker.inspect(name).then((info) => {
          if (info) this.add({ kind: 'container', name: info.Name.replace(/^\//, ''), uid: info.Id, created: iso(info.Created) });
          return info;
        }),
      network: (name: string) =>
        docker.network(name).then((net) => {
          const n = net as (typeof net & { Created?: string }) | undefined;
          if (n && !['bridge', 'host', 'none', 'podman'].includes(n.Name)) this.add({ kind: 'network', name: n.Name, uid: n.Id, created: iso(n.Created) });
          return net;
        }),
    });
  }

  private tracingKube(kube: KubeTarget): KubeTarget {
    return proxy(kube, {
      list: (kind: ListedKind, namespace?: string, maxAgeMs?: number) =>
        kube.list(kind, namespace, maxAgeMs).then((items) => {
          if (kind !== 'nodes') this.namespaces.add(namespace ?? 'default');
          if (!UNTRACED.includes(kind)) for (const item of items) this.add(traced(kind, item));
          return items;
        }),
    });
  }

  /** The trace of the run, once every lab is over: one /info, or one GET of kube-system, more. */
  async trace(extra: { nonce?: string; exam?: { token: string; window: ExamWindow } } = {}, now = new Date()): Promise<Trace> {
    const trace: Trace = { gradedAt: now.toISOString(), objects: [...this.objects.values()].sort((a, b) => `${a.kind}/${a.namespace}/${a.name}`.localeCompare(`${b.kind}/${b.namespace}/${b.name}`)) };
    const docker = await this.dockerTarget?.catch(() => undefined);
    if (docker) trace.engine = await engineIdentity(docker);
    const kube = await this.kubeTarget?.catch(() => undefined);
    if (kube) {
      const namespaces = [...this.namespaces].sort();
      const server = kube.config.getCurrentCluster()?.server ?? '?';
      const uid = await kube.kubeSystemUid().then((u) => ({ u }), (err: unknown) => ({ err: (err as Error).message }));
      // `default` is read only to tell a student their objects went there: it names nobody's work.
      const own = namespaces.filter((n) => n !== 'default');
      trace.cluster = {
        identity: `${'u' in uid ? uid.u : server}/${(own.length ? own : namespaces).join(',')}`,
        ...('u' in uid ? { kubeSystemUid: uid.u } : { error: uid.err }),
        server,
        context: kube.context,
        namespaces,
      };
    }
    if (extra.nonce !== undefined) trace.nonce = extra.nonce;
    if (extra.exam) {
      const { start, end, nonce } = extra.exam.window;
      trace.exam = { token: extra.exam.token, start, end, ...(nonce !== undefined ? { nonce } : {}), inside: insideWindow(extra.exam.window, now) };
    }
    return trace;
  }
}

export const insideWindow = (w: { start: string; end: string }, at: Date): boolean => at.getTime() >= Date.parse(w.start) && at.getTime() <= Date.parse(w.end);

function traced(kind: ListedKind, item: KubeObject): TracedObject {
  const m = item.metadata ?? {};
  return { kind, ...(m.namespace ? { namespace: m.namespace } : {}), name: m.name ?? '?', ...(m.uid ? { uid: m.uid } : {}), ...(iso(m.creationTimestamp) ? { created: iso(m.creationTimestamp) } : {}) };
}

async function engineIdentity(docker: DockerTarget): Promise<NonNullable<Trace['engine']>> {
  const endpoint = docker.endpoint.host;
  try {
    const info = (await docker.docker.info()) as { ID?: string; Name?: string; KernelVersion?: string; MemTotal?: number; NCPU?: number; DockerRootDir?: string };
    if (await docker.isPodman()) {
      // Podman's compat /info makes up a new ID on every call: the host's own traits stand in for it.
      const print = createHash('sha256').update([info.Name, info.KernelVersion, info.MemTotal, info.NCPU, info.DockerRootDir].join('|')).digest('hex').slice(0, 32);
      return { identity: `podman-host:${print}`, name: info.Name, endpoint, podman: true };
    }
    return { identity: info.ID ?? `?${endpoint}`, id: info.ID, name: info.Name, endpoint };
  } catch (err) {
    return { identity: `?${endpoint}`, endpoint, error: (err as Error).message };
  }
}

function proxy<T extends object>(target: T, wrapped: Record<string, unknown>): T {
  return new Proxy(target, {
    get(t, prop) {
      if (typeof prop === 'string' && prop in wrapped) return wrapped[prop];
      const value = Reflect.get(t, prop, t) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}

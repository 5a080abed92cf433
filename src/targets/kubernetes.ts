import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import type * as k8s from '@kubernetes/client-node';
import { errorReason, ForbiddenError, TargetError, UserError } from '../errors.js';
import { kubernetesClient } from '../lazy-modules.js';
import type { Translator } from '../i18n/index.js';
import { inGraderImage, isLoopback } from './host-address.js';
import { kubeSource, SERVICE_ACCOUNT_DIR } from './kube-source.js';

const client = await kubernetesClient();

export type ListedKind =
  | 'pods'
  | 'daemonsets'
  | 'deployments'
  | 'replicasets'
  | 'statefulsets'
  | 'services'
  | 'endpointslices'
  | 'persistentvolumeclaims'
  | 'configmaps'
  | 'events'
  | 'nodes';
export type KubeObject = k8s.KubernetesObject & { spec?: any; status?: any };

/** A port of a Pod on 127.0.0.1, as `kubectl port-forward` makes it: one forwarding stream per connection. */
export interface Forward {
  endpoint: { host: string; port: number };
  /** The API server's refusal of the last connection (no permission, Pod gone), if it refused. */
  failure(): TargetError | undefined;
  /** What the kubelet said on the error stream of the last connection (nothing listening yet, …). */
  podError(): string | undefined;
  close(): Promise<void>;
}

export interface KubeConnectOptions {
  kubeconfig?: string;
  context?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Grading a class: one LIST per kind across all namespaces, shared by every student,
   * so the number of requests does not grow with the number of students.
   */
  clusterWide?: boolean;
}

/**
 * The student's cluster, read-only: one LIST per kind and namespace per run,
 * shared by every check that needs it. Loaded only when a Kubernetes lab runs.
 */
export class KubeTarget {
  private readonly lists = new Map<string, { at: number; items: Promise<KubeObject[]> }>();
  private readonly everywhere = new Map<string, { at: number; byNamespace: Promise<Map<string, KubeObject[]>> }>();
  private readonly core: k8s.CoreV1Api;
  private readonly apps: k8s.AppsV1Api;
  private readonly discovery: k8s.DiscoveryV1Api;
  private allNamespaces?: Promise<string[] | undefined>;

  private constructor(
    readonly config: k8s.KubeConfig,
    readonly source: string,
    private readonly t: Translator,
    readonly clusterWide = false,
  ) {
    this.core = config.makeApiClient(client.CoreV1Api);
    this.apps = config.makeApiClient(client.AppsV1Api);
    this.discovery = config.makeApiClient(client.DiscoveryV1Api);
  }

  static async connect(t: Translator, opts: KubeConnectOptions = {}): Promise<KubeTarget> {
    const found = kubeSource(opts.kubeconfig, opts.env ?? process.env);
    const { source } = found;
    const config = new client.KubeConfig();
    if (found.kind === 'none') throw new UserError(t('kube.noConfig', { path: source }));
    try {
      if (found.kind === 'pod') config.loadFromCluster();
      // Several KUBECONFIG files merge like kubectl merges them; the first one's current-context wins.
      else for (const f of [...found.files].reverse()) {
        const one = new client.KubeConfig();
        one.loadFromFile(f);
        config.mergeConfig(one, true);
        if (one.currentContext) config.setCurrentContext(one.currentContext);
      }
    } catch (err) {
      throw new UserError(t('kube.badConfig', { path: source, reason: (err as Error).message.split('\n')[0] }), err);
    }
    if (opts.context) {
      if (!config.getContextObject(opts.context)) {
        throw new UserError(t('kube.noContext', { context: opts.context, contexts: config.getContexts().map((c) => c.name).join(', ') || '∅' }));
      }
      config.setCurrentContext(opts.context);
    }
    const contexts = config.getContexts().map((c) => c.name);
    if (config.currentContext && !contexts.includes(config.currentContext)) {
      throw new UserError(t('kube.noCurrentContext', { path: source, context: config.currentContext, contexts: contexts.join(', ') || '∅' }));
    }
    if (!config.getCurrentCluster()) throw new UserError(t('kube.noCluster', { path: source }));
    const target = new KubeTarget(config, source, t, opts.clusterWide);
    await target.probe(t);
    return target;
  }

  /** One cheap authenticated read, so unreachable clusters and refused credentials are one clear error. */
  private async probe(t: Translator): Promise<void> {
    const server = this.config.getCurrentCluster()!.server;
    try {
      await this.core.listNamespacedPod({ namespace: 'default', limit: 1 });
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code === 401) throw new UserError(t('kube.unauthorized', { server, context: this.config.currentContext }), err);
      if (code === 403) return; // authenticated; a narrow read-only role may not cover `default`.
      const reason = errorReason(err);
      // The grader's image without --network host: the kubeconfig's 127.0.0.1 is the container itself.
      const host = /^https?:\/\/\[?([^\]/:]+)/.exec(server)?.[1] ?? '';
      const key = this.source === SERVICE_ACCOUNT_DIR ? 'kube.unreachableInPod' : isLoopback(host) && inGraderImage() ? 'kube.unreachableInContainer' : 'kube.unreachable';
      throw new UserError(t(key, { server, context: this.config.currentContext, reason }), err);
    }
  }

  get context(): string {
    return this.config.currentContext;
  }

  /**
   * Every object of a kind in a namespace (or cluster-wide for nodes): one LIST per run,
   * unless a check that is waiting for the cluster to settle asks for data younger than maxAgeMs.
   */
  list(kind: ListedKind, namespace?: string, maxAgeMs = Infinity): Promise<KubeObject[]> {
    if (this.clusterWide && kind !== 'nodes') return this.listEverywhere(kind, maxAgeMs).then((m) => m.get(namespace ?? 'default') ?? []);
    const key = `${kind}/${namespace ?? ''}`;
    let entry = this.lists.get(key);
    if (!entry || Date.now() - entry.at > maxAgeMs) {
      entry = { at: Date.now(), items: this.fetchList(kind, namespace).catch((err: unknown) => { throw this.targetError(err, 'list', kind, namespace); }) };
      this.lists.set(key, entry);
    }
    return entry.items;
  }

  private listEverywhere(kind: Exclude<ListedKind, 'nodes'>, maxAgeMs: number): Promise<Map<string, KubeObject[]>> {
    let entry = this.everywhere.get(kind);
    if (!entry || Date.now() - entry.at > maxAgeMs) {
      entry = { at: Date.now(), byNamespace: this.fetchEverywhere(kind).then(byNamespace, (err: unknown) => { throw this.targetError(err, 'list', kind); }) };
      this.everywhere.set(kind, entry);
    }
    return entry.byNamespace;
  }

  private async fetchEverywhere(kind: Exclude<ListedKind, 'nodes'>): Promise<KubeObject[]> {
    return ((await this.fetchEverywhereList(kind)) as { items: KubeObject[] }).items;
  }

  /**
   * A LIST with its resourceVersion, for a WATCH to start from (src/live/kube-feed.ts): in one
   * namespace, or across all of them when `namespace` is undefined (nodes are cluster-scoped).
   */
  async listVersioned(kind: ListedKind, namespace?: string): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    try {
      const list = (kind === 'nodes' ? await this.core.listNode() : namespace === undefined ? await this.fetchEverywhereList(kind) : await this.fetchListObject(kind, namespace)) as { items: KubeObject[]; metadata?: { resourceVersion?: string } };
      return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
    } catch (err) {
      throw this.targetError(err, 'list', kind, namespace);
    }
  }

  /**
   * What a WATCH keeps up to date replaces the run's cached LIST of that kind, so a check asked
   * again reads the objects as they are now, without another LIST. `namespace` undefined: the
   * items are every namespace's (or nodes).
   */
  prime(kind: ListedKind, namespace: string | undefined, items: KubeObject[]): void {
    const at = Date.now();
    if (kind === 'nodes') {
      this.lists.set('nodes/', { at, items: Promise.resolve(items) });
    } else if (namespace === undefined) {
      if (this.clusterWide) {
        this.everywhere.set(kind, { at, byNamespace: Promise.resolve(byNamespace(items)) });
      } else {
        const grouped = byNamespace(items);
        for (const key of [...this.lists.keys()].filter((k) => k.startsWith(`${kind}/`))) this.lists.delete(key);
        for (const [ns, here] of grouped) this.lists.set(`${kind}/${ns}`, { at, items: Promise.resolve(here) });
      }
    } else if (this.clusterWide) {
      // One namespace of a class-wide cache: the other namespaces keep what they had.
      const previous = this.everywhere.get(kind)?.byNamespace ?? Promise.resolve(new Map<string, KubeObject[]>());
      const merged = previous.catch(() => new Map<string, KubeObject[]>()).then((m) => new Map(m).set(namespace, items));
      this.everywhere.set(kind, { at, byNamespace: merged });
    } else {
      this.lists.set(`${kind}/${namespace}`, { at, items: Promise.resolve(items) });
    }
  }

  private fetchEverywhereList(kind: Exclude<ListedKind, 'nodes'>): Promise<unknown> {
    switch (kind) {
      case 'pods': return this.core.listPodForAllNamespaces();
      case 'events': return this.core.listEventForAllNamespaces();
      case 'daemonsets': return this.apps.listDaemonSetForAllNamespaces();
      case 'deployments': return this.apps.listDeploymentForAllNamespaces();
      case 'replicasets': return this.apps.listReplicaSetForAllNamespaces();
      case 'statefulsets': return this.apps.listStatefulSetForAllNamespaces();
      case 'services': return this.core.listServiceForAllNamespaces();
      case 'endpointslices': return this.discovery.listEndpointSliceForAllNamespaces();
      case 'persistentvolumeclaims': return this.core.listPersistentVolumeClaimForAllNamespaces();
      case 'configmaps': return this.core.listConfigMapForAllNamespaces();
    }
  }

  private fetchListObject(kind: Exclude<ListedKind, 'nodes'>, namespace: string): Promise<unknown> {
    switch (kind) {
      case 'pods': return this.core.listNamespacedPod({ namespace });
      case 'events': return this.core.listNamespacedEvent({ namespace });
      case 'daemonsets': return this.apps.listNamespacedDaemonSet({ namespace });
      case 'deployments': return this.apps.listNamespacedDeployment({ namespace });
      case 'replicasets': return this.apps.listNamespacedReplicaSet({ namespace });
      case 'statefulsets': return this.apps.listNamespacedStatefulSet({ namespace });
      case 'services': return this.core.listNamespacedService({ namespace });
      case 'endpointslices': return this.discovery.listNamespacedEndpointSlice({ namespace });
      case 'persistentvolumeclaims': return this.core.listNamespacedPersistentVolumeClaim({ namespace });
      case 'configmaps': return this.core.listNamespacedConfigMap({ namespace });
    }
  }

  /**
   * A WATCH of an API path from a resourceVersion (src/live/kube-feed.ts keeps it going): every
   * event to `onEvent`, then `onDone` once, with the error if it did not end cleanly. A WATCH
   * quiet for `idleTimeoutMs` (not even a bookmark) is ended as lost.
   */
  watch(path: string, query: Record<string, string | boolean>, onEvent: (type: string, object: KubeObject & { code?: number }) => void, onDone: (err: unknown) => void, idleTimeoutMs: number): Promise<AbortController> {
    const w = new client.Watch(this.config);
    // Its default, 30 s without a byte, would end every quiet WATCH: quiet is what idle looks like.
    (w as unknown as { requestTimeoutMs: number }).requestTimeoutMs = idleTimeoutMs;
    return w.watch(path, query, onEvent, onDone);
  }

  /** Names of every namespace, for grading a class by a glob over them. */
  async namespaces(): Promise<string[]> {
    try {
      return (await this.core.listNamespace()).items.map((n) => n.metadata!.name!);
    } catch (err) {
      // Outside any check, so the whole run stops with one line (exit 2).
      throw new UserError(this.targetError(err, 'list', 'namespaces').message, err);
    }
  }

  private async fetchList(kind: ListedKind, namespace = 'default'): Promise<KubeObject[]> {
    if (kind === 'nodes') return (await this.core.listNode()).items;
    return ((await this.fetchListObject(kind, namespace)) as { items: KubeObject[] }).items;
  }

  /** The kube-system namespace's UID: what tells one cluster from another in a signed report's trace (one GET per run). */
  async kubeSystemUid(): Promise<string> {
    try {
      const ns = await this.core.readNamespace({ name: 'kube-system' });
      return ns.metadata?.uid ?? '?';
    } catch (err) {
      throw this.targetError(err, 'get', 'namespaces/kube-system');
    }
  }

  /** Whether a namespace exists; undefined when the credentials may not tell. */
  async namespaceExists(name: string): Promise<boolean | undefined> {
    // Grading a class: one LIST of namespaces for every student, not one GET each.
    if (this.clusterWide) return (this.allNamespaces ??= this.namespaces().catch(() => undefined)).then((all) => all?.includes(name));
    try {
      await this.core.readNamespace({ name });
      return true;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 404) return false;
      if (typeof code === 'number') return undefined;
      throw this.targetError(err, 'get', 'namespaces');
    }
  }

  /**
   * The API server's refusal or a lost connection, as one translated line that says what to do.
   * A check that meets it ends in `error`: it is the grader's trouble, not the student's mistake.
   */
  private targetError(err: unknown, verb: string, resource: string, namespace?: string): TargetError {
    const server = this.config.getCurrentCluster()?.server ?? '?';
    const e = err as { code?: unknown; body?: unknown };
    const where = namespace ? this.t('kube.inNamespace', { namespace }) : this.t('kube.clusterWide');
    if (e.code === 403 && isApiRefusal(e)) {
      const user = /User "([^"]+)"/.exec(String(statusMessage(e.body)))?.[1] ?? this.context;
      return new TargetError(this.t('kube.forbidden', { verb, resource, where, user }), err);
    }
    if (e.code === 401 && isApiRefusal(e)) return new TargetError(this.t('kube.unauthorized', { server, context: this.context }), err);
    if (typeof e.code === 'number') {
      return new TargetError(this.t('kube.apiError', { verb, resource, where, code: e.code, reason: statusMessage(e.body) ?? '' }), err);
    }
    return new TargetError(this.t('kube.lost', { server, verb, resource, where, reason: errorReason(err) }), err);
  }

  /** GET through the API server's pod proxy; answers with the status and body the Pod gave. */
  podProxyGet(namespace: string, pod: string, port: number, path: string): Promise<{ status: number; body: string }> {
    return this.proxyGet('pods/proxy', namespace, () =>
      this.core.connectGetNamespacedPodProxyWithPath({ namespace, name: `${pod}:${port}`, path: path.replace(/^\//, '') }),
    );
  }

  /**
   * GET through the API server's service proxy: the API server picks one of the Service's ready
   * endpoints, as a client of the Service would be balanced. `port` is the Service's port (number or name).
   */
  serviceProxyGet(namespace: string, service: string, port: number | string, path: string): Promise<{ status: number; body: string }> {
    return this.proxyGet('services/proxy', namespace, () =>
      this.core.connectGetNamespacedServiceProxyWithPath({ namespace, name: `${service}:${port}`, path: path.replace(/^\//, '') }),
    );
  }

  private async proxyGet(resource: string, namespace: string, get: () => Promise<unknown>): Promise<{ status: number; body: string }> {
    try {
      const body = await get();
      return { status: 200, body: typeof body === 'string' ? body : JSON.stringify(body) };
    } catch (err) {
      const e = err as { code?: number; body?: unknown };
      // The API server's own 401/403 is about the grader's permission (the proxy subresource), not the answer.
      if (typeof e.code === 'number' && !isApiRefusal(e)) {
        return { status: e.code, body: typeof e.body === 'string' ? e.body : JSON.stringify(e.body ?? '') };
      }
      throw this.targetError(err, 'get', resource, namespace);
    }
  }

  /**
   * --deep only, with the student's own credentials: the Pod's port on a local port, through the
   * API server's pods/portforward (a WebSocket per connection, so a Pod recreated under the same
   * name is reached again).
   */
  async forwardPort(namespace: string, pod: string, port: number): Promise<Forward> {
    // The port-forward protocol (v4.channel.k8s.io) has no close frames, so the handler's default
    // streams (the process's own) are never touched.
    const forwarder = new client.PortForward(this.config, true);
    let failure: TargetError | undefined;
    let podError: string | undefined;
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      failure = podError = undefined;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      const said: Buffer[] = [];
      const errors = new Writable({ write: (chunk: Buffer, _e, cb) => { said.push(chunk); cb(); } });
      forwarder.portForward(namespace, pod, [port], socket, errors, socket).then(
        (ws) => {
          const w = ws as unknown as { on(e: 'close', f: () => void): void; close(): void };
          w.on('close', () => {
            const text = Buffer.concat(said).toString('utf8').trim();
            if (text) podError = text.split('\n')[0];
            socket.end();
          });
          socket.on('close', () => w.close());
        },
        (err: unknown) => {
          failure = this.deepError(err, 'create', 'pods/portforward', namespace);
          socket.destroy();
        },
      );
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    return {
      endpoint: { host: '127.0.0.1', port: (server.address() as AddressInfo).port },
      failure: () => failure,
      podError: () => podError,
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const socket of sockets) socket.destroy();
        }),
    };
  }

  /**
   * --deep only: deletes a Pod, that one and not a newer one of the same name (the UID is a
   * precondition). A Pod already gone or already replaced is no error.
   */
  async deletePod(namespace: string, name: string, uid: string): Promise<void> {
    try {
      await this.core.deleteNamespacedPod({ namespace, name, body: { preconditions: { uid } } });
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 404 || code === 409) return;
      throw this.deepError(err, 'delete', 'pods', namespace);
    }
  }

  /** A refusal of what only --deep does says which permission is missing, and whose credentials have it. */
  private deepError(err: unknown, verb: string, resource: string, namespace: string): TargetError {
    const e = err as { code?: unknown; message?: unknown; body?: unknown };
    const status = e.code ?? Number(/Unexpected server response: (\d+)/.exec(String(e.message ?? ''))?.[1]);
    if (status === 403 || status === 401) {
      return new ForbiddenError(this.t('kube.deepForbidden', { verb, resource, namespace, user: this.context, code: Number(status) }), err);
    }
    if (typeof e.code === 'number') return this.targetError(err, verb, resource, namespace);
    return new TargetError(this.t('kube.lost', { server: this.config.getCurrentCluster()?.server ?? '?', verb, resource, where: this.t('kube.inNamespace', { namespace }), reason: String(e.message ?? errorReason(err)) }), err);
  }

  /** The last lines a container (an init container too) wrote, or of its previous run. */
  async podLog(namespace: string, pod: string, container: string, tailLines = 5, previous = false): Promise<string> {
    try {
      return await this.core.readNamespacedPodLog({ namespace, name: pod, container, tailLines, previous });
    } catch (err) {
      throw this.targetError(err, 'get', 'pods/log', namespace);
    }
  }
}

function byNamespace(items: KubeObject[]): Map<string, KubeObject[]> {
  const map = new Map<string, KubeObject[]>();
  for (const item of items) {
    const ns = item.metadata?.namespace ?? '';
    const here = map.get(ns);
    if (here) here.push(item);
    else map.set(ns, [item]);
  }
  return map;
}

/** A 401/403 from the API server itself (a Status object), not one passed through from a Pod. */
function isApiRefusal(e: { code?: unknown; body?: unknown }): boolean {
  if (e.code !== 401 && e.code !== 403) return false;
  try {
    return (JSON.parse(typeof e.body === 'string' ? e.body : JSON.stringify(e.body)) as { kind?: unknown }).kind === 'Status';
  } catch {
    return false;
  }
}

/** The `message` of a Kubernetes Status body, on one line. */
function statusMessage(body: unknown): string | undefined {
  try {
    const status = (typeof body === 'string' ? JSON.parse(body) : body) as { message?: unknown } | undefined;
    return typeof status?.message === 'string' ? status.message.split('\n')[0] : undefined;
  } catch {
    return typeof body === 'string' ? body.split('\n')[0] : undefined;
  }
}

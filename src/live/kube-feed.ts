// The Kubernetes change feed: one LIST then one WATCH per kind, shared by `lab watch` (a student's
// namespaces) and `lab serve` (a class, by a namespace glob). STABLE API: watchKinds, KubeFeed,
// KubeChange, FeedState, WatchKindsOptions. Add optional fields only.
import { globToRegExp } from '../class/roster.js';
import { errorReason } from '../errors.js';
import type { KubeObject, KubeTarget, ListedKind } from '../targets/kubernetes.js';
import { isClusterKind } from '../targets/kube-kinds.js';
import { watchPath } from './kube-paths.js';

/** One change the feed saw. A `RESYNC` replaces everything known of the kind (after a 410 Gone or a reconnection). */
export interface KubeChange {
  kind: ListedKind;
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'RESYNC';
  /** The changed object's namespace ('' for nodes); undefined for a RESYNC of a whole glob. */
  namespace?: string;
  /** The object as it is now (as it was last, for DELETED); none for a RESYNC. */
  object?: KubeObject;
}

/** How a kind's WATCH is doing: `lost` while the API server cannot be reached, `watching` again once re-listed. */
export interface FeedState {
  kind: ListedKind;
  /** The watched namespace; undefined for a watch across namespaces (glob) and for nodes. */
  namespace?: string;
  state: 'watching' | 'lost';
  /** Why it was lost (ECONNREFUSED, a status code…), one line. */
  reason?: string;
}

export interface WatchKindsOptions {
  /** Watch these namespaces, one WATCH per kind and namespace (a student's lab namespace and default). */
  namespaces?: string[];
  /**
   * Or: one WATCH per kind across all namespaces, keeping only those matching these shell globs
   * (`alumno-*`), as `lab grade --namespaces` matches them. A whole class costs one WATCH per kind.
   */
  glob?: string | string[];
  /** Told when a kind's WATCH is lost and when it is back. */
  onState?: (state: FeedState) => void;
  /** Wait between attempts to reach a lost API server: from `firstMs`, doubling, up to `maxMs`. */
  backoff?: { firstMs: number; maxMs: number };
  /** A WATCH that carries nothing (not even a bookmark) for this long is taken for lost. Default 5 minutes. */
  idleTimeoutMs?: number;
  /**
   * A namespace whose first LIST is refused (403: a student's Role does not cover default) is not
   * watched, instead of failing the feed; checks still read it (and are refused) through the target.
   */
  skipForbidden?: boolean;
}

export interface KubeFeed {
  /** Ends every WATCH; no change is delivered afterwards. */
  stop(): void;
  /** The objects of a kind as the feed knows them now: in a namespace, or all it watches. */
  objects(kind: ListedKind, namespace?: string): KubeObject[];
  /** Requests made so far (for the bench: nothing is asked while nothing changes). */
  readonly requests: { lists: number; watches: number };
}

/**
 * Lists each kind once (the resourceVersion to start from), then WATCHes it. Every change goes
 * to `onChange` and into the target's cached LIST of that kind (KubeTarget.prime), so a check
 * asked again reads the objects as they are now. A `410 Gone` re-lists (RESYNC); a dropped
 * connection is reported through `onState` and retried with backoff, then re-listed (RESYNC),
 * so no verdict rests on what was missed meanwhile. Resolves once every first LIST is in;
 * rejects (TargetError) when one is refused.
 */
export async function watchKinds(
  kube: Pick<KubeTarget, 'listVersioned' | 'prime' | 'watch'>,
  kinds: ListedKind[],
  opts: WatchKindsOptions,
  onChange: (change: KubeChange) => void,
): Promise<KubeFeed> {
  const globs = opts.glob === undefined ? undefined : (Array.isArray(opts.glob) ? opts.glob : [opts.glob]).map(globToRegExp);
  const scopes: (string | undefined)[] = globs ? [undefined] : (opts.namespaces ?? ['default']);
  const requests = { lists: 0, watches: 0 };
  const backoff = opts.backoff ?? { firstMs: 500, maxMs: 10_000 };
  const streams: KindStream[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (f: () => void, ms: number) => {
    const timer = setTimeout(() => { timers.delete(timer); f(); }, ms);
    timers.add(timer);
  };
  let stopped = false;

  class KindStream {
    readonly store = new Map<string, KubeObject>();
    private rv = '';
    private abort?: AbortController;
    private primeQueued = false;

    constructor(readonly kind: ListedKind, readonly namespace: string | undefined) {}

    private keep(o: KubeObject): boolean {
      return !globs || isClusterKind(this.kind) || globs.some((g) => g.test(o.metadata?.namespace ?? ''));
    }

    async relist(): Promise<void> {
      requests.lists++;
      const { items, resourceVersion } = await kube.listVersioned(this.kind, this.namespace);
      this.store.clear();
      for (const o of items) if (this.keep(o)) this.store.set(keyOf(o), o);
      this.rv = resourceVersion;
      this.prime(true);
    }

    /** The target's cache follows the store; many events in one tick cost one copy. */
    private prime(now = false): void {
      const run = () => {
        this.primeQueued = false;
        kube.prime(this.kind, isClusterKind(this.kind) ? undefined : this.namespace, [...this.store.values()]);
      };
      if (now) return run();
      if (this.primeQueued) return;
      this.primeQueued = true;
      queueMicrotask(run);
    }

    watch(): void {
      if (stopped) return;
      requests.watches++;
      const started = Date.now();
      let gone = false;
      const onEvent = (type: string, obj: KubeObject & { code?: number }) => {
        if (stopped) return;
        if (type === 'BOOKMARK') {
          this.rv = obj.metadata?.resourceVersion ?? this.rv;
          return;
        }
        if (type === 'ERROR') {
          // 410 Gone: the resourceVersion is older than the server keeps; only a new LIST helps.
          if (obj.code === 410) gone = true;
          return;
        }
        if (!this.keep(obj)) return;
        this.rv = obj.metadata?.resourceVersion ?? this.rv;
        if (type === 'DELETED') this.store.delete(keyOf(obj));
        else this.store.set(keyOf(obj), obj);
        this.prime();
        onChange({ kind: this.kind, type: type as KubeChange['type'], namespace: obj.metadata?.namespace ?? '', object: obj });
      };
      const onDone = (err: unknown) => {
        this.abort = undefined;
        if (stopped) return;
        if (gone || (err as { statusCode?: number } | null)?.statusCode === 410) return void this.resync();
        // The server ends a WATCH now and then (its timeout): go on from where it was, unless it
        // ends them as soon as they start, which is no WATCH at all.
        if (!err && Date.now() - started > 1000) return this.watch();
        this.lost(err ? errorReason(err) : 'closed');
      };
      void kube.watch(watchPath(this.kind, this.namespace), { resourceVersion: this.rv, allowWatchBookmarks: true }, onEvent, onDone, opts.idleTimeoutMs ?? 300_000).then(
        (controller) => {
          if (stopped) controller.abort();
          else this.abort = controller;
        },
        onDone,
      );
    }

    private async resync(): Promise<void> {
      try {
        await this.relist();
      } catch (err) {
        return this.lost(errorReason((err as { cause?: unknown }).cause ?? err));
      }
      if (stopped) return;
      this.watch();
      onChange({ kind: this.kind, type: 'RESYNC', namespace: this.namespace });
    }

    private lost(reason: string): void {
      opts.onState?.({ kind: this.kind, namespace: this.namespace, state: 'lost', reason });
      let wait = backoff.firstMs;
      const retry = async () => {
        if (stopped) return;
        try {
          await this.relist();
        } catch {
          wait = Math.min(wait * 2, backoff.maxMs);
          later(retry, wait);
          return;
        }
        if (stopped) return;
        opts.onState?.({ kind: this.kind, namespace: this.namespace, state: 'watching' });
        this.watch();
        onChange({ kind: this.kind, type: 'RESYNC', namespace: this.namespace });
      };
      later(retry, wait);
    }

    stop(): void {
      this.abort?.abort();
    }
  }

  const unique = [...new Set(kinds)];
  for (const kind of unique) {
    for (const ns of isClusterKind(kind) ? [undefined] : scopes) streams.push(new KindStream(kind, ns));
  }
  const refused = new Set<KindStream>();
  try {
    await Promise.all(streams.map((s) => s.relist().catch((err: unknown) => {
      if (opts.skipForbidden && (err as { cause?: { code?: unknown } }).cause?.code === 403) refused.add(s);
      else throw err;
    })));
  } catch (err) {
    stopped = true;
    throw err;
  }
  streams.splice(0, streams.length, ...streams.filter((s) => !refused.has(s)));
  for (const s of streams) s.watch();

  return {
    requests,
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      for (const s of streams) s.stop();
    },
    objects(kind, namespace) {
      return streams
        .filter((s) => s.kind === kind)
        .flatMap((s) => [...s.store.values()])
        .filter((o) => namespace === undefined || (o.metadata?.namespace ?? '') === namespace);
    },
  };
}

const keyOf = (o: KubeObject): string => o.metadata?.uid ?? `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

// The Docker change feed: the engine's /events stream, one long GET, nothing asked while nothing happens.
import { errorReason } from '../errors.js';
import type { DockerTarget } from '../targets/docker.js';
import type { ReadKey } from './reads.js';

/** A change the engine reported, as the read keys it concerns (reads.ts); `resync` concerns everything. */
export interface DockerChange {
  type: 'container' | 'network' | 'volume' | 'image' | 'resync';
  action: string;
  /** The container's, network's or volume's name, when the event gives one. */
  name?: string;
  keys: ReadKey[];
}

export interface DockerFeedState {
  state: 'watching' | 'lost';
  reason?: string;
}

export interface DockerFeedOptions {
  onState?: (state: DockerFeedState) => void;
  /** Wait between attempts to reach a lost engine: from `firstMs`, doubling, up to `maxMs`. */
  backoff?: { firstMs: number; maxMs: number };
}

export interface DockerFeed {
  stop(): void;
  /** Requests made so far: event streams opened and pings while the engine was away. */
  readonly requests: { streams: number; pings: number };
}

// What changes what a check reads. Not `top`, `archive-path`, `exec_*`, `attach`…: the grader's
// own reads make those, and they would wake it again for nothing. Not `kill`, `stop` or
// `restart` either: they announce a `die` or a `start`, and a grade started on them would see
// the container as it was and hold up the one that matters.
const CONTAINER = new Set(['create', 'start', 'die', 'destroy', 'rename', 'update', 'pause', 'unpause', 'oom']);
const NETWORK = new Set(['create', 'destroy', 'remove', 'connect', 'disconnect']);
const VOLUME = new Set(['create', 'destroy', 'mount', 'unmount']);
const IMAGE = new Set(['tag', 'untag', 'delete', 'import', 'load', 'pull']);

interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/** The read keys an engine event concerns, or undefined when it changes nothing a check reads. */
export function changeOf(e: EngineEvent): DockerChange | undefined {
  const action = (e.Action ?? '').split(':')[0];
  const id = e.Actor?.ID ?? '';
  const attrs = e.Actor?.Attributes ?? {};
  switch (e.Type) {
    case 'container': {
      if (!CONTAINER.has(action) && action !== 'health_status') return undefined;
      const names = [attrs.name, attrs.oldName].filter(Boolean).map((n) => n.replace(/^\//, ''));
      return { type: 'container', action, name: names[0], keys: ['containers', `container-id:${id}`, ...names.map((n) => `container:${n}`)] };
    }
    case 'network': {
      if (!NETWORK.has(action)) return undefined;
      const keys = ['networks', `network:${attrs.name ?? ''}`];
      if (attrs.container) keys.push(`container-id:${attrs.container}`);
      return { type: 'network', action, name: attrs.name, keys };
    }
    case 'volume': {
      if (!VOLUME.has(action)) return undefined;
      return { type: 'volume', action, name: id, keys: attrs.container ? [`container-id:${attrs.container}`] : [] };
    }
    case 'image': {
      if (!IMAGE.has(action)) return undefined;
      return { type: 'image', action, name: attrs.name, keys: [`image:${id}`, 'images'] };
    }
    default:
      return undefined;
  }
}

/**
 * Follows the engine's events; each change forgets what the target had cached of it, then goes
 * to `onChange`. When the stream ends (the engine stopped), `onState` hears `lost`; the engine
 * is pinged with backoff until it answers, then the stream is opened again, the target's caches
 * are dropped and a `resync` change says everything must be asked again.
 */
export async function watchDocker(target: DockerTarget, opts: DockerFeedOptions, onChange: (change: DockerChange) => void): Promise<DockerFeed> {
  const backoff = opts.backoff ?? { firstMs: 250, maxMs: 5000 };
  const requests = { streams: 0, pings: 0 };
  let stopped = false;
  let abort: AbortController | undefined;
  let timer: NodeJS.Timeout | undefined;

  const forget = (c: DockerChange) => {
    if (c.type === 'container') {
      if (c.name) target.forget(c.name);
      for (const k of c.keys) if (k.startsWith('container:')) target.forget(k.slice('container:'.length));
    }
    if (c.type === 'network' && c.name) target.forgetNetwork(c.name);
    if (c.type === 'image') target.forgetImage(c.keys[0].slice('image:'.length));
    // Network and volume events name containers by ID: their inspects may have changed.
    if (c.type === 'network' || c.type === 'volume') for (const k of c.keys) if (k.startsWith('container-id:')) target.forgetAll();
  };

  const open = async (): Promise<void> => {
    requests.streams++;
    abort = new AbortController();
    const stream = (await target.docker.getEvents({
      filters: { type: ['container', 'network', 'volume', 'image'] },
      abortSignal: abort.signal,
    } as object)) as NodeJS.ReadableStream;
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      rest += chunk.toString('utf8');
      const lines = rest.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim() || stopped) continue;
        let change: DockerChange | undefined;
        try {
          change = changeOf(JSON.parse(line) as EngineEvent);
        } catch {
          continue;
        }
        if (!change) continue;
        forget(change);
        onChange(change);
      }
    });
    let ended = false;
    const end = (err?: unknown) => {
      if (ended || stopped) return;
      ended = true;
      lost(err ? errorReason(err) : 'closed');
    };
    stream.on('end', () => end());
    stream.on('close', () => end());
    stream.on('error', (err: unknown) => end(err));
  };

  const lost = (reason: string) => {
    opts.onState?.({ state: 'lost', reason });
    let wait = backoff.firstMs;
    const retry = async () => {
      if (stopped) return;
      requests.pings++;
      const back = await target.docker.ping().then(() => true, () => false);
      if (stopped) return;
      if (!back) {
        wait = Math.min(wait * 2, backoff.maxMs);
        timer = setTimeout(retry, wait);
        return;
      }
      try {
        await open();
      } catch {
        timer = setTimeout(retry, wait);
        return;
      }
      target.forgetAll();
      opts.onState?.({ state: 'watching' });
      onChange({ type: 'resync', action: 'resync', keys: ['*'] });
    };
    timer = setTimeout(retry, wait);
  };

  await open();
  return {
    requests,
    stop() {
      stopped = true;
      clearTimeout(timer);
      abort?.abort();
    },
  };
}

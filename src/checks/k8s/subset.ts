/**
 * What the student wrote, asserted against what the API holds, as kubectl apply would have
 * left it: every field of the manifest must be live with the same value, and anything the
 * API added (defaults such as protocol: TCP, imagePullPolicy, terminationMessagePath,
 * admission's tolerations) is not a difference. Pure: no cluster, no translation.
 */

/** A field whose value differs (got undefined: not set live), or a list item the cluster lacks. */
export type Mismatch =
  | { kind: 'value'; path: string; want: unknown; got: unknown }
  | { kind: 'item'; path: string; want: unknown; got: unknown[] };

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Set by the server, or about a past state: a copy of `kubectl get -o yaml` may carry them. */
const SERVER_METADATA = new Set(['creationTimestamp', 'resourceVersion', 'uid', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds']);
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Lists whose items are told apart by a field (the API's merge keys), so that order does
 * not matter and the API may add items of its own. Other lists of objects are sets; lists
 * of scalars (command, args) keep their order.
 */
const KEYS: Record<string, { label: string; of: (item: Obj) => string | undefined }> = {
  containers: { label: 'name', of: (i) => str(i.name) },
  initContainers: { label: 'name', of: (i) => str(i.name) },
  ephemeralContainers: { label: 'name', of: (i) => str(i.name) },
  env: { label: 'name', of: (i) => str(i.name) },
  volumes: { label: 'name', of: (i) => str(i.name) },
  imagePullSecrets: { label: 'name', of: (i) => str(i.name) },
  volumeMounts: { label: 'mountPath', of: (i) => str(i.mountPath) },
  volumeDevices: { label: 'devicePath', of: (i) => str(i.devicePath) },
  resizePolicy: { label: 'resourceName', of: (i) => str(i.resourceName) },
  hostAliases: { label: 'ip', of: (i) => str(i.ip) },
  // A container port (or a Service's port) is its number and protocol; the API defaults the protocol to TCP.
  ports: { label: 'containerPort', of: (i) => portId(i.containerPort ?? i.port, i.protocol) },
};
const portId = (port: unknown, protocol: unknown) => (port === undefined ? undefined : `${String(port)}${protocol && protocol !== 'TCP' ? `/${String(protocol)}` : ''}`);
/** The key's name in a path: a Service's ports are told apart by port, a container's by containerPort. */
const labelOf = (key: string, item: Obj) => (key === 'ports' && item.containerPort === undefined ? 'port' : KEYS[key].label);
const str = (x: unknown) => (x === undefined || x === null ? undefined : String(x));

/** Keys under which values are resource quantities (500m, 1Gi), which the API rewrites canonically. */
const QUANTITY_PARENTS = new Set(['limits', 'requests', 'overhead']);
const QUANTITY_KEYS = new Set(['sizeLimit']);

/**
 * Every difference between the manifest and the live object. The manifest's namespace may be
 * left out (kubectl apply -n, or the context's namespace, put it where it is); only one that
 * names another namespace than the graded one is a difference.
 */
export function manifestMismatches(manifest: Obj, live: Obj, namespace: string): Mismatch[] {
  const out: Mismatch[] = [];
  const meta = isObj(manifest.metadata) ? manifest.metadata : {};
  const liveMeta = isObj(live.metadata) ? live.metadata : {};
  for (const [key, want] of Object.entries(meta)) {
    if (SERVER_METADATA.has(key)) continue;
    const path = `metadata.${key}`;
    if (key === 'namespace') {
      if (want !== null && want !== undefined && String(want) !== namespace) out.push({ kind: 'value', path, want, got: namespace });
      continue;
    }
    if (key === 'annotations' && isObj(want)) {
      const { [LAST_APPLIED]: _ignored, ...rest } = want;
      compare(rest, (liveMeta as Obj).annotations, path, key, '', out);
      continue;
    }
    compare(want, liveMeta[key], path, key, 'metadata', out);
  }
  for (const [key, want] of Object.entries(manifest)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'metadata' || key === 'status') continue;
    compare(want, live[key], key, key, '', out);
  }
  return out;
}

function compare(want: unknown, got: unknown, path: string, key: string, parent: string, out: Mismatch[]): void {
  // null in a manifest unsets a field (and kubectl's generated YAML says creationTimestamp: null).
  if (want === null || want === undefined) return;
  // The API leaves out empty values ("", 0, false, {}, []), so they match a field that is not there.
  if (got === undefined || got === null) {
    if (isEmpty(want)) return;
    out.push({ kind: 'value', path, want, got: undefined });
    return;
  }
  if (isObj(want)) {
    if (!isObj(got)) return void out.push({ kind: 'value', path, want, got });
    for (const [k, v] of Object.entries(want)) compare(v, got[k], `${path}.${k}`, k, key, out);
    return;
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) return void out.push({ kind: 'value', path, want, got });
    compareList(want, got, path, key, out);
    return;
  }
  if (!sameScalar(want, got, QUANTITY_PARENTS.has(parent) || QUANTITY_KEYS.has(key))) out.push({ kind: 'value', path, want, got });
}

function compareList(want: unknown[], got: unknown[], path: string, key: string, out: Mismatch[]): void {
  const keyed = KEYS[key];
  if (keyed && want.every(isObj) && got.every(isObj)) {
    want.forEach((item, i) => {
      const id = keyed.of(item as Obj);
      const match = id === undefined ? undefined : (got as Obj[]).find((g) => keyed.of(g) === id);
      const at = id === undefined ? `${path}[${i}]` : `${path}[${labelOf(key, item as Obj)}=${id}]`;
      if (match) compare(item, match, at, '', key, out);
      else out.push({ kind: 'item', path: at, want: item, got: (got as Obj[]).map((g) => keyed.of(g) ?? g) });
    });
    return;
  }
  if (want.some(isObj)) {
    // A set (tolerations, envFrom, matchExpressions): each item must be live, in any order, once.
    const used = new Set<number>();
    want.forEach((item, i) => {
      const j = got.findIndex((g, gi) => !used.has(gi) && mismatches(item, g, key).length === 0);
      if (j >= 0) used.add(j);
      else out.push({ kind: 'item', path: `${path}[${i}]`, want: item, got });
    });
    return;
  }
  // Scalars keep their order: command and args mean something else reordered.
  if (want.length !== got.length || want.some((w, i) => !sameScalar(w, got[i], false))) out.push({ kind: 'value', path, want, got });
}

function mismatches(want: unknown, got: unknown, parent: string): Mismatch[] {
  const out: Mismatch[] = [];
  compare(want, got, '', '', parent, out);
  return out;
}

function isEmpty(x: unknown): boolean {
  return x === '' || x === 0 || x === false || (Array.isArray(x) && x.length === 0) || (isObj(x) && Object.values(x).every((v) => v === null || isEmpty(v)));
}

/** Equal scalars; a number and a string of it are one int-or-string value; quantities by amount. */
function sameScalar(want: unknown, got: unknown, quantity: boolean): boolean {
  if (want === got) return true;
  if (quantity) {
    const a = parseQuantity(want);
    const b = parseQuantity(got);
    if (a !== undefined && b !== undefined) return Math.abs(a - b) <= Math.abs(a) * 1e-9;
  }
  const types = new Set([typeof want, typeof got]);
  if (types.size === 2 && types.has('number') && types.has('string')) return String(want) === String(got);
  return false;
}

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A Kubernetes resource quantity (500m, 0.5, 1Gi, 1e3) as a number; undefined when it is not one. */
export function parseQuantity(x: unknown): number | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? x : undefined;
  if (typeof x !== 'string') return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/.exec(x.trim());
  if (!m) return undefined;
  const n = Number(m[1] + (m[2] ?? ''));
  return n * SUFFIX[m[3] ?? ''];
}

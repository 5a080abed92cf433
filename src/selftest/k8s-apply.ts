import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { yaml } from '../lazy-modules.js';
import { applyArgsOf, chartOf, manifestOf, type Case } from './cases.js';
import { run, type ShellRun } from './shell.js';

export type Kubectl = (...args: string[]) => Promise<ShellRun>;

/** helm against the same cluster (lab 12's cases install a chart). */
export const helmFor = (opts: { kubeconfig?: string; context?: string } = {}): Kubectl => (...args) =>
  run('helm', [...(opts.kubeconfig ? ['--kubeconfig', opts.kubeconfig] : []), ...(opts.context ? ['--kube-context', opts.context] : []), ...args]);

/** kubectl against the cluster the user points at (--kubeconfig, --context). */
export const kubectlFor = (opts: { kubeconfig?: string; context?: string } = {}): Kubectl => (...args) =>
  run('kubectl', [...(opts.kubeconfig ? ['--kubeconfig', opts.kubeconfig] : []), ...(opts.context ? ['--context', opts.context] : []), ...args]);

export interface PrepareOptions {
  /** Where rewritten copies go. */
  work: string;
  /** Each namespace but default becomes prefix + its name (selftest- makes lab3 selftest-lab3). */
  prefix?: string;
  /** Added to every Pod (or controller's Pod template): the Pods run only on the nodes it selects. */
  nodeSelector?: Record<string, string>;
}

/** A namespace as the run uses it: default stays default (a case that lands there is the mistake it shows). */
export const mappedNamespace = (ns: string, prefix = '') => (ns === 'default' || !prefix ? ns : `${prefix}${ns}`);

type Obj = Record<string, any>;
const docsOf = (file: string) => yaml().parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as Obj | null);

let copies = 0;
/**
 * A copy of a manifest for this run: namespaces prefixed, Pods pinned. The student's own file is
 * still the one read for its shape; a nodeSelector they did not write is a field the live object
 * has on top, which the manifest check allows.
 */
export function preparedCopy(file: string, opts: PrepareOptions): string {
  const docs = docsOf(file);
  for (const doc of docs) {
    if (!doc) continue;
    if (opts.prefix && doc.metadata?.namespace) doc.metadata.namespace = mappedNamespace(String(doc.metadata.namespace), opts.prefix);
    if (opts.prefix && doc.kind === 'Namespace' && doc.metadata?.name) doc.metadata.name = mappedNamespace(String(doc.metadata.name), opts.prefix);
    const spec = doc.kind === 'Pod' ? doc.spec : doc.spec?.template?.spec;
    if (opts.nodeSelector && spec) spec.nodeSelector = { ...spec.nodeSelector, ...opts.nodeSelector };
  }
  const out = join(opts.work, `${opts.nodeSelector ? 'pinned' : 'copy'}-${Date.now()}-${copies++}-${basename(file)}`);
  writeFileSync(out, docs.filter(Boolean).map((d) => yaml().stringify(d)).join('---\n'));
  return out;
}

/** An object a case creates: kind, namespace ('' for cluster-wide) and name. */
export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

export interface PreparedCase {
  /** kubectl's arguments, one apply per file, in order. */
  applies: string[][];
  /** The file graded with --manifest (namespaces prefixed, never pinned); none for a Helm case. */
  manifest?: string;
  /** helm's arguments, after the kubectl applies (lab 12); the node selector goes in as the chart's nodeSelector value. */
  installs: string[][];
  /** helm's arguments that take those installs away. */
  uninstalls: string[][];
  /** The chart folder graded with --chart. */
  chart?: string;
  /** What the applies create, for the clobber check and the clean-up. */
  objects: ObjectRef[];
}

/** A case's applies and graded manifest, rewritten for this run when a prefix or a node selector is given. */
export function prepareCase(c: Case, opts: PrepareOptions): PreparedCase {
  const changed = Boolean(opts.prefix || opts.nodeSelector);
  const objects: ObjectRef[] = [];
  const applies = applyArgsOf(c).map((args) => {
    const file = args[args.length - 1];
    const ns = mappedNamespace(c.apply?.namespace ?? 'default', opts.prefix);
    for (const doc of docsOf(file)) {
      if (!doc?.kind || !doc.metadata?.name) continue;
      const namespaced = doc.kind !== 'Namespace';
      objects.push({ kind: doc.kind, name: namespaced ? doc.metadata.name : mappedNamespace(doc.metadata.name, opts.prefix), namespace: namespaced ? mappedNamespace(doc.metadata.namespace ?? ns, opts.prefix) : '' });
    }
    const copy = changed ? preparedCopy(file, opts) : file;
    return ['apply', ...(c.apply?.namespace ? ['-n', ns] : []), '-f', copy];
  });
  const installs: string[][] = [];
  const uninstalls: string[][] = [];
  const h = c.apply?.helm;
  if (h) {
    const ns = mappedNamespace(h.namespace, opts.prefix);
    objects.push({ kind: 'Namespace', name: ns, namespace: '' });
    const set = Object.entries(h.set ?? {}).flatMap(([k, v]) => (typeof v === 'string' ? ['--set-string', `${k}=${v}`] : ['--set', `${k}=${v}`]));
    installs.push([
      ...(h.upgrade ? ['upgrade', '--install'] : ['install']),
      h.release, join(c.dir, h.chart), '-n', ns, '--create-namespace',
      ...(h.values ?? []).flatMap((f) => ['-f', join(c.dir, f)]),
      ...set,
      ...(opts.nodeSelector ? ['--set-json', `nodeSelector=${JSON.stringify(opts.nodeSelector)}`] : []),
    ]);
    uninstalls.push(['uninstall', h.release, '-n', ns, '--ignore-not-found', '--wait', '--timeout', '120s']);
  }
  const graded = h && !c.apply?.files ? undefined : manifestOf(c);
  const manifest = graded && opts.prefix ? preparedCopy(graded, { work: opts.work, prefix: opts.prefix }) : graded;
  return { applies, manifest, objects, installs, uninstalls, chart: chartOf(c) };
}

/**
 * Deletes the objects a case's applies made (never a Namespace: a user's stays; the run's own go in
 * `namespaces`, those the run created), then those namespaces, and waits for them to go.
 */
export async function deletePrepared(kubectl: Kubectl, prepared: PreparedCase, namespaces: string[]): Promise<void> {
  const byNamespace = new Map<string, string[]>();
  for (const o of prepared.objects) {
    if (o.kind === 'Namespace') continue;
    byNamespace.set(o.namespace, [...(byNamespace.get(o.namespace) ?? []), `${o.kind.toLowerCase()}/${o.name}`]);
  }
  for (const [ns, refs] of byNamespace) {
    await kubectl('delete', ...new Set(refs), '-n', ns, '--ignore-not-found', '--wait=true', '--timeout=120s');
  }
  if (namespaces.length) await kubectl('delete', 'namespace', ...namespaces, '--ignore-not-found', '--wait=true', '--timeout=120s');
}

/** Which of these objects are there already: `kind/name` in namespace, `namespace/x`. */
export async function existing(kubectl: Kubectl, objects: ObjectRef[]): Promise<ObjectRef[]> {
  const found: ObjectRef[] = [];
  for (const o of objects) {
    const got = await kubectl('get', `${o.kind.toLowerCase()}/${o.name}`, ...(o.namespace ? ['-n', o.namespace] : []), '--ignore-not-found', '-o', 'name');
    if (got.code === 0 && got.stdout.trim()) found.push(o);
  }
  return found;
}

/** The nodes that really run containers, and those (kwok) that only pretend. */
export async function nodeKinds(kubectl: Kubectl): Promise<{ real: string[]; kwok: string[] }> {
  const got = await kubectl('get', 'nodes', '-o', 'json');
  if (got.code !== 0) return { real: [], kwok: [] };
  const nodes = (JSON.parse(got.stdout) as { items: { metadata: { name: string }; status: { nodeInfo: { containerRuntimeVersion: string } } }[] }).items;
  const kwok = (n: (typeof nodes)[number]) => n.status.nodeInfo.containerRuntimeVersion.startsWith('kwok');
  return { real: nodes.filter((n) => !kwok(n)).map((n) => n.metadata.name), kwok: nodes.filter(kwok).map((n) => n.metadata.name) };
}

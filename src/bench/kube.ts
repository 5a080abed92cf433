import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { parseAllDocuments, stringify } from 'yaml';
import { join } from 'node:path';
import { CLI, ROOT, say, waitFor } from './env.js';

/** The API server's audit log names this user for every request the measured commands make. */
const BENCH_USER = 'lab-bench';
const STUDENTS_LABEL = 'lab-grader-bench=students';

export interface Kube {
  /** For setting up (the cluster's admin). */
  admin: NodeJS.ProcessEnv;
  /** For what is measured: the same rights under the bench's own user name. */
  bench: NodeJS.ProcessEnv;
  auditLog: string;
  realNodes: string[];
  kwokWorkers: string[];
}

const cluster = (...args: string[]) => spawnSync('bash', [join(ROOT, 'scripts', 'cluster.sh'), ...args], { encoding: 'utf8' });

export function kubectl(env: NodeJS.ProcessEnv, args: string[], input?: string) {
  const r = spawnSync('kubectl', args, { encoding: 'utf8', env: { ...process.env, ...env }, input, maxBuffer: 64 << 20 });
  return { code: r.status ?? 128, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function must(env: NodeJS.ProcessEnv, args: string[], input?: string): string {
  const r = kubectl(env, args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** The test cluster, or why it cannot be used. Call it holding the cluster lock. */
export function connect(): Kube | string {
  const status = cluster('status');
  const auditLog = /audit-log: (\S+)/.exec(status.stdout)?.[1];
  if (status.status !== 0 || !/apiserver: .* ready/.test(status.stdout) || !auditLog) return 'the test cluster is not up (bash scripts/cluster.sh up --real-node)';
  const PATH = `${cluster('bindir').stdout.trim()}:${process.env.PATH}`;
  const admin = { KUBECONFIG: cluster('kubeconfig').stdout.trim(), PATH };
  const benchConfig = cluster('kubeconfig', '--user', BENCH_USER, '--group', 'system:masters');
  if (benchConfig.status !== 0) return `no kubeconfig for ${BENCH_USER}: ${benchConfig.stderr.trim()}`;
  const nodes = JSON.parse(must(admin, ['get', 'nodes', '-o', 'json'])).items as any[];
  const kwok = (n: any) => String(n.status.nodeInfo.containerRuntimeVersion).startsWith('kwok');
  return {
    admin,
    bench: { KUBECONFIG: benchConfig.stdout.trim(), PATH },
    auditLog,
    realNodes: nodes.filter((n) => !kwok(n)).map((n) => n.metadata.name),
    kwokWorkers: nodes.filter((n) => kwok(n) && !(n.spec.taints ?? []).length).map((n) => n.metadata.name),
  };
}


/** A lab's reference solution (every file of solution/), its Pods only on the real node when `pin`. */
function solution(folder: string, pin: boolean): string {
  const dir = join(ROOT, 'labs', folder, 'solution');
  const docs = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as Record<string, any> | null))
    .filter((d): d is Record<string, any> => !!d);
  for (const d of docs) {
    const spec = d.kind === 'Pod' ? d.spec : d.spec?.template?.spec;
    if (pin && spec) spec.nodeSelector = { ...spec.nodeSelector, 'lab-grader/real-node': 'true' };
  }
  return docs.map((d) => stringify(d)).join('---\n');
}

/**
 * Prefix of every namespace the bench creates (--prefix, or BENCH_PREFIX): lab namespaces become
 * <prefix>lab3 …, students <prefix>001 …; a shared cluster's other users keep theirs.
 */
export let PREFIX = '';
export const setPrefix = (p: string) => {
  PREFIX = p;
};
export const labNamespace = (ns: string) => `${PREFIX}${ns}`;

/** The Kubernetes labs the bench measures: folder, id, namespace, whether its Pods must really run. */
export const K8S_LABS = [
  { folder: '03-nginx-pod', id: '3', ns: 'lab3', real: true },
  { folder: '04-daemonset', id: '4', ns: 'lab4', real: false },
  // Spread over every schedulable node, kwok ones too: without a second real node its Pods
  // there never answer, so `lab check 8` and its script both end in 1 on this cluster.
  { folder: '08-deployment', id: '8', ns: 'lab8', real: false },
  { folder: '09-statefulset', id: '9', ns: 'lab9', real: true },
  { folder: '10-configmap', id: '10', ns: 'lab10', real: true },
] as const;

/** Whether `lab check` passes the lab now; `lab8` on kwok nodes fails only for want of a serving Pod. */
const settled = (k: Kube, lab: (typeof K8S_LABS)[number]) => {
  const r = spawnSync(process.execPath, [CLI, 'check', lab.id, '--namespace', labNamespace(lab.ns), '--timeout', '5', '--format', 'json'], { env: { ...process.env, ...k.admin }, encoding: 'utf8' });
  if (r.status === 0) return true;
  if (!k.realNodes.length || !lab.real) {
    // Kwok nodes run nothing: everything else must pass.
    try {
      const checks = JSON.parse(r.stdout).labs[0].checks as { id: string; status: string }[];
      return checks.every((c) => c.status === 'pass' || c.status === 'skip' || /serves|http/.test(c.id));
    } catch {
      return false;
    }
  }
  return false;
};

/**
 * The Kubernetes labs' reference solutions applied and settled. Pods that must really run (a
 * web's page, a database) are pinned to the real node when there is one.
 */
export function k8sLabsUp(k: Kube): () => void {
  for (const { ns } of K8S_LABS) {
    if (kubectl(k.admin, ['get', 'namespace', labNamespace(ns)]).code === 0) throw new Error(`namespace ${labNamespace(ns)} exists already: the bench needs it to itself`);
  }
  const teardown = () => {
    kubectl(k.admin, ['delete', 'namespace', ...K8S_LABS.map((l) => labNamespace(l.ns)), '--ignore-not-found', '--wait=true', '--timeout=180s']);
  };
  try {
    for (const lab of K8S_LABS) must(k.admin, ['apply', '-f', '-'], inNamespace(solution(lab.folder, lab.real && k.realNodes.length > 0), lab.ns));
    for (const lab of K8S_LABS) waitFor(`lab ${lab.id}'s solution to pass`, 240, () => settled(k, lab));
  } catch (err) {
    teardown();
    throw err;
  }
  return teardown;
}

/** A lab's YAML moved to <prefix><ns> (its Namespace object and every namespace: field). */
const inNamespace = (yaml: string, ns: string) => yaml.replace(new RegExp(`^(\\s*(namespace|name): )${ns}$`, 'gm'), `$1${labNamespace(ns)}`);

/** The students' namespaces: alumno-001 …, or <prefix>s001 … with --prefix. */
const studentPrefix = () => (PREFIX ? `${PREFIX}s` : 'alumno-');
export const studentGlob = () => `${studentPrefix()}*`;
export const studentNamespace = (i: number) => `${studentPrefix()}${String(i).padStart(3, '0')}`;

/**
 * A kwok node takes 110 Pods, like a kubelet by default: lab 4's solution puts one on every
 * node, so no more than this many students can have it running at once.
 */
export const FIT = 100;

const doc = (file: string, kind: string) => readFileSync(join(ROOT, 'labs/04-daemonset', file), 'utf8').split(/^---$/m).find((d) => d.includes(`kind: ${kind}`))!;

/**
 * Student namespaces alumno-001 … alumno-<n> (those from `from` on are created), all settled.
 * The first FIT have lab 4's solution; the others made the known mistake of a Deployment
 * instead of a DaemonSet (wrong/deployment, scaled to no Pods, which would not fit).
 */
export function studentsUp(k: Kube, from: number, n: number): void {
  // Kept off real nodes (a real kubelet would start hundreds of real nginx containers; kwok nodes only simulate them).
  const daemonset = doc('solution/daemonset.yaml', 'DaemonSet').replace(/^(\s+)containers:/m, '$1affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [ { matchExpressions: [ { key: lab-grader/real-node, operator: NotIn, values: ["true"] } ] } ] } } }\n$1containers:');
  const deployment = doc('wrong/deployment/daemonset.yaml', 'Deployment').replace(/^spec:$/m, 'spec:\n  replicas: 0');
  const docs: string[] = [];
  for (let i = from; i <= n; i++) {
    const ns = studentNamespace(i);
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels: { ${STUDENTS_LABEL.replace('=', ': ')} }\n`, (i <= FIT ? daemonset : deployment).replace('namespace: lab4', `namespace: ${ns}`));
  }
  if (docs.length) must(k.admin, ['apply', '-f', '-'], docs.join('\n---\n'));
  // The controller manager creates Pods at its default 20 requests/s: give it time.
  const want = Math.min(n, FIT);
  let last = 0;
  waitFor(`${want} student DaemonSets to settle`, 120 + 3 * want, () => {
    const items = (JSON.parse(must(k.admin, ['get', 'daemonsets', '-A', '-o', 'json'])).items as any[]).filter((d) => d.metadata.namespace.startsWith(studentPrefix()));
    const settled = items.filter((d) => d.status?.observedGeneration === d.metadata.generation && d.status.desiredNumberScheduled > 0 && d.status.numberReady === d.status.desiredNumberScheduled);
    if (Date.now() - last > 15_000) {
      say(`${settled.length} of ${want} student DaemonSets settled`);
      last = Date.now();
    }
    return items.length === want && settled.length === want;
  });
}

/** The teardown: the bench's student namespaces (its label, its prefix) gone. Nodes are left alone. */
export function studentsPrepare(k: Kube): () => void {
  return () => {
    say('deleting the student namespaces');
    const names = must(k.admin, ['get', 'namespace', '-l', STUDENTS_LABEL, '-o', 'name']).split('\n').filter((n) => n.startsWith(`namespace/${studentPrefix()}`));
    for (let i = 0; i < names.length; i += 200) kubectl(k.admin, ['delete', ...names.slice(i, i + 200), '--wait=false']);
    waitFor('the student namespaces to go', 900, () => !must(k.admin, ['get', 'namespace', '-l', STUDENTS_LABEL, '-o', 'name']).includes(`namespace/${studentPrefix()}`));
  };
}

/** Requests the bench's user made since `mark` (from auditMark), as "verb resource[/namespace]" → count. */
export function requestsSince(k: Kube, mark: { offset: number; at: string }): Record<string, number> {
  spawnSync('sleep', ['1.5']); // the audit backend writes asynchronously
  const size = statSync(k.auditLog).size;
  const buf = Buffer.alloc(size - mark.offset);
  const fd = openSync(k.auditLog, 'r');
  try {
    readSync(fd, buf, 0, buf.length, mark.offset);
  } finally {
    closeSync(fd);
  }
  const verbs: Record<string, number> = {};
  for (const line of buf.toString('utf8').split('\n')) {
    if (!line.includes(`"${BENCH_USER}"`)) continue;
    const e = JSON.parse(line);
    if (e.user?.username !== BENCH_USER || e.stage !== 'ResponseComplete' || e.requestReceivedTimestamp < mark.at) continue;
    const what = `${e.verb} ${e.objectRef?.resource ?? e.requestURI}${e.objectRef?.namespace ? `/${e.objectRef.namespace}` : ''}`;
    verbs[what] = (verbs[what] ?? 0) + 1;
  }
  return verbs;
}

export const auditMark = (k: Kube) => ({ offset: statSync(k.auditLog).size, at: new Date().toISOString() });

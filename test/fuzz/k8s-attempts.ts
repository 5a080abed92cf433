import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { LABS } from '../labs/harness.js';
import type { Attempt } from './attempt.js';
import { renderManifest } from './k8s-render.js';
import { rngFor, type Rng } from './prng.js';

/**
 * Attempts at labs 3 and 4, from their reference manifests: the same objects written
 * another way (they must pass), or with one known mistake (it must fail exactly the checks
 * its labs/0N-…/wrong/ twin lists, as on the test cluster's real node, where nothing can be pulled).
 */
type Obj = Record<string, any>;
type Change = (docs: Obj[], rng: Rng) => void;
interface Mistake {
  name: string;
  fail: string[];
  skip?: string[];
  applyFails?: boolean;
  noNamespace?: boolean;
  /** Rewrites that would hide or change this mistake (a sidecar running nginx hides a wrong image). */
  excludes?: string[];
  apply: Change;
}

interface K8sLab {
  id: string;
  namespace: string;
  folder: string;
  equivalents: [string, Change][];
  mistakes: Mistake[];
}

const workload = (docs: Obj[]) => docs.find((d) => d.kind !== 'Namespace')!;
const podSpec = (docs: Obj[]) => (workload(docs).kind === 'Pod' ? workload(docs).spec : workload(docs).spec.template.spec);
/** The lab's own container, wherever a sidecar was put. */
const main = (docs: Obj[]) => podSpec(docs).containers.find((c: Obj) => c.name !== 'sidecar');
// It exits on SIGTERM (a bare sleep as PID 1 would not), so deleting the Pod does not wait the grace period out.
const SIDECAR = { name: 'sidecar', image: 'nginx:1.22', command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'] };
const INIT = { name: 'init', image: 'nginx:1.22', command: ['sh', '-c', 'echo ready'] };

const PULL_POLICY = 'imagePullPolicy IfNotPresent or Never';
/** A mistake about the image replaces these rewrites (and a pull policy would change what the node does). */
const IMAGE_REWRITES = ['other pinned tag', 'image docker.io/library/', 'image library/', PULL_POLICY];
/** Spellings of the same Pod spec that both labs share. */
const podEquivalents: [string, Change][] = [
  ['container named web', (d) => { main(d).name = 'web'; }],
  ['other pinned tag', (d) => { main(d).image = 'nginx:1.22.1'; }],
  ['image docker.io/library/', (d) => { main(d).image = 'docker.io/library/nginx:1.22'; }],
  ['image library/', (d) => { main(d).image = 'library/nginx:1.22'; }],
  [PULL_POLICY, (d, rng) => { main(d).imagePullPolicy = rng.pick(['IfNotPresent', 'Never']); }],
  ['a sidecar container', (d, rng) => { podSpec(d).containers[rng.chance(0.5) ? 'push' : 'unshift'](structuredClone(SIDECAR)); }],
  ['an init container', (d) => { podSpec(d).initContainers = [structuredClone(INIT)]; }],
  ['nodeSelector kubernetes.io/os: linux', (d) => { podSpec(d).nodeSelector = { 'kubernetes.io/os': 'linux' }; }],
  ['resources requests', (d) => { main(d).resources = { requests: { cpu: '10m', memory: '16Mi' } }; }],
  ['terminationGracePeriodSeconds', (d) => { podSpec(d).terminationGracePeriodSeconds = 5; }],
  ['annotations', (d) => { workload(d).metadata.annotations = { 'curso.example/alumno': 'ana', description: 'práctica' }; }],
];

const pinMistakes = (realNodeFail: string[], realNodeSkip: string[]): Mistake[] => [
  { name: 'tag-latest', fail: ['image-pinned', ...realNodeFail], skip: realNodeSkip, excludes: IMAGE_REWRITES, apply: (d) => { main(d).image = 'nginx:latest'; } },
  { name: 'no-tag', fail: ['image-pinned', ...realNodeFail], skip: realNodeSkip, excludes: IMAGE_REWRITES, apply: (d, rng) => { main(d).image = rng.pick(['nginx', 'docker.io/library/nginx']); } },
];

const POD_SKIPPED = ['pod-running', 'pod-ready', 'image-nginx', 'image-pinned', 'container-port', 'serves-http', 'manifest-matches'];
const nginxPodLab: K8sLab = {
  id: '3',
  namespace: 'lab3',
  folder: '03-nginx-pod',
  equivalents: [
    ...podEquivalents,
    ['extra labels', (d) => { Object.assign(workload(d).metadata.labels, { tier: 'frontend', curso: 'kubernetes' }); }],
    // A toleration of a taint no node has: tolerating the control plane's (or everything) would let
    // the Pod land on a kwok node, where nothing runs, so that serves-http could not pass there.
    ['a toleration with operator: Exists', (d) => { podSpec(d).tolerations = [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }]; }],
    ['named port with protocol', (d) => { main(d).ports = [{ name: 'http', containerPort: 80, protocol: 'TCP' }]; }],
    ['restartPolicy Always', (d) => { podSpec(d).restartPolicy = 'Always'; }],
  ],
  mistakes: [
    ...pinMistakes(['pod-running', 'pod-ready'], ['serves-http']),
    { name: 'missing-tag', fail: ['pod-running', 'pod-ready'], skip: ['serves-http'], excludes: IMAGE_REWRITES, apply: (d) => { main(d).image = 'nginx:1.99.99'; } },
    { name: 'wrong-image', fail: ['image-nginx', 'pod-running', 'pod-ready'], skip: ['serves-http'], excludes: [...IMAGE_REWRITES, 'a sidecar container'], apply: (d) => { main(d).image = 'httpd:2.4'; } },
    { name: 'no-port', fail: ['container-port'], apply: (d) => { delete main(d).ports; } },
    { name: 'wrong-port', fail: ['container-port'], apply: (d) => { main(d).ports = [{ containerPort: 8080 }]; } },
    { name: 'udp-port', fail: ['container-port'], apply: (d) => { main(d).ports = [{ containerPort: 80, protocol: 'UDP' }]; } },
    { name: 'default-namespace', noNamespace: true, fail: ['pod-exists', 'not-in-default'], skip: POD_SKIPPED, apply: (d) => { delete workload(d).metadata.namespace; } },
    { name: 'wrong-name', fail: ['pod-exists', 'not-in-default'], skip: POD_SKIPPED, apply: (d) => { workload(d).metadata.name = 'nginx'; } },
    { name: 'underscore-name', applyFails: true, fail: ['pod-exists', 'not-in-default'], skip: POD_SKIPPED, apply: (d) => { workload(d).metadata.name = 'nginx_pod'; } },
  ],
};

const DS_SKIPPED = ['image-pinned', 'selector-matches-template', 'pods-on-every-node', 'pods-ready', 'manifest-matches'];
const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';
const daemonSetLab: K8sLab = {
  id: '4',
  namespace: 'lab4',
  folder: '04-daemonset',
  equivalents: [
    ...podEquivalents,
    ['extra template labels', (d) => { Object.assign(workload(d).spec.template.metadata.labels, { tier: 'infra', curso: 'kubernetes' }); }],
    ['labels on the DaemonSet', (d) => { workload(d).metadata.labels = { app: 'nginx-ds', curso: 'kubernetes' }; }],
    ['selector matchExpressions', (d) => { workload(d).spec.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['nginx-ds'] }] }; }],
    ['toleration operator: Exists alone', (d) => { podSpec(d).tolerations = [{ operator: 'Exists' }]; }],
    ['toleration without effect', (d) => { podSpec(d).tolerations = [{ key: CONTROL_PLANE, operator: 'Exists' }]; }],
    ['toleration effect only', (d) => { podSpec(d).tolerations = [{ operator: 'Exists', effect: 'NoSchedule' }]; }],
    ['control-plane and master tolerations', (d) => { podSpec(d).tolerations.push({ key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' }); }],
    ['updateStrategy', (d) => { workload(d).spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } }; }],
    ['revisionHistoryLimit', (d) => { workload(d).spec.revisionHistoryLimit = 5; }],
    ['containerPort 80', (d) => { main(d).ports = [{ containerPort: 80 }]; }],
  ],
  mistakes: [
    ...pinMistakes(['pods-ready'], []),
    { name: 'missing-tag', fail: ['pods-ready'], excludes: IMAGE_REWRITES, apply: (d) => { main(d).image = 'nginx:1.99.99'; } },
    { name: 'no-toleration', fail: ['pods-on-every-node'], apply: (d) => { delete podSpec(d).tolerations; } },
    { name: 'toleration-master-only', fail: ['pods-on-every-node'], apply: (d) => { podSpec(d).tolerations[0].key = 'node-role.kubernetes.io/master'; } },
    { name: 'toleration-noexecute', fail: ['pods-on-every-node'], apply: (d) => { podSpec(d).tolerations[0].effect = 'NoExecute'; } },
    {
      name: 'selector-overlap',
      fail: ['selector-matches-template'],
      apply: (d) => {
        const labels = { app: 'nginx-ds', role: 'web' };
        d.push({
          apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'lab4' },
          spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.22' }] } } },
        });
      },
    },
    { name: 'deployment', fail: ['daemonset-exists', 'not-in-default'], skip: DS_SKIPPED, excludes: ['updateStrategy'], apply: (d) => { workload(d).kind = 'Deployment'; } },
    { name: 'selector-mismatch', applyFails: true, fail: ['daemonset-exists', 'not-in-default'], skip: DS_SKIPPED, apply: (d) => { workload(d).spec.selector.matchLabels = { app: 'nginx' }; } },
    { name: 'default-namespace', noNamespace: true, fail: ['daemonset-exists', 'not-in-default'], skip: DS_SKIPPED, apply: (d) => { delete workload(d).metadata.namespace; } },
  ],
};

export const K8S_LABS: Record<string, K8sLab> = { '3': nginxPodLab, '4': daemonSetLab };

function reference(lab: K8sLab): Obj[] {
  const dir = join(LABS, lab.folder, 'solution');
  const file = join(dir, lab.id === '3' ? 'pod.yaml' : 'daemonset.yaml');
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as Obj);
}

/** Attempt `index` of a Kubernetes lab for `seed`: half equivalent, half one mistake; 1–4 rewrites each. */
export function k8sAttempt(labId: string, seed: string, index: number): Attempt {
  const lab = K8S_LABS[labId];
  const rng = rngFor(seed, labId, index);
  const docs = reference(lab);
  const note: string[] = [];
  const mistake = rng.chance(0.5) ? rng.pick(lab.mistakes) : undefined;
  const count = 1 + rng.int(4);
  const allowed = lab.equivalents.filter(([name]) => !mistake?.excludes?.includes(name));
  for (const [name, change] of rng.shuffle(allowed).slice(0, count)) {
    note.push(name);
    change(docs, rng);
  }
  // A mistake about the image replaces the image rewrites; every other one stacks on them.
  mistake?.apply(docs, rng);
  let applyArgs = ['apply'];
  if (!mistake?.noNamespace && rng.chance(0.3)) {
    note.push(`kubectl apply -n ${lab.namespace}, no metadata.namespace`);
    for (const d of docs) if (d.kind !== 'Namespace') delete d.metadata.namespace;
    applyArgs = ['apply', '-n', lab.namespace];
  }
  if (rng.chance(0.15)) {
    note.push('kubectl create');
    applyArgs[0] = 'create';
  }
  const text = renderManifest(rng, docs, note);
  return {
    lab: labId,
    id: `${labId}#${index}`,
    mistake: mistake?.name,
    rewrites: [...new Set(note)],
    text,
    applyArgs,
    expect: { fail: mistake?.fail ?? [], skip: mistake?.skip ?? [], applyFails: mistake?.applyFails },
  };
}

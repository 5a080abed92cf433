import { describeMismatch } from '../../src/checks/k8s/manifest-matches.js';
import { manifestMismatches, parseQuantity } from '../../src/checks/k8s/subset.js';
import { translator } from '../../src/i18n/index.js';

/** Lab 3's solution as the student wrote it (no namespace: applied with kubectl apply -n lab3). */
const podManifest = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'nginx-pod', labels: { app: 'nginx' } },
  spec: {
    containers: [{ name: 'nginx', image: 'nginx:1.22', ports: [{ containerPort: 80 }], resources: { limits: { cpu: 0.5, memory: '128Mi' } } }],
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'lab', effect: 'NoSchedule' }],
    nodeSelector: { 'kubernetes.io/os': 'linux' },
  },
});

/** The same Pod as the API hands it back from a LIST: defaults filled in, admission's tolerations added, no kind. */
const livePod = () => ({
  metadata: {
    name: 'nginx-pod',
    namespace: 'lab3',
    uid: 'c0ffee',
    resourceVersion: '812',
    creationTimestamp: '2026-12-02T02:00:00Z',
    labels: { app: 'nginx' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
  },
  spec: {
    containers: [
      {
        name: 'nginx',
        image: 'nginx:1.22',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '128Mi' } },
        imagePullPolicy: 'IfNotPresent',
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        volumeMounts: [{ name: 'kube-api-access-x', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
      },
    ],
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'dedicated', operator: 'Equal', value: 'lab', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
    schedulerName: 'default-scheduler',
    securityContext: {},
  },
  status: { phase: 'Running' },
});

test('a manifest without a namespace, applied with -n, matches what the API made of it', () => {
  expect(manifestMismatches(podManifest(), livePod(), 'lab3')).toEqual([]);
});

test('a namespace in the manifest must be the graded one', () => {
  const m = podManifest();
  expect(manifestMismatches({ ...m, metadata: { ...m.metadata, namespace: 'lab3' } }, livePod(), 'lab3')).toEqual([]);
  expect(manifestMismatches({ ...m, metadata: { ...m.metadata, namespace: 'default' } }, livePod(), 'lab3')).toEqual([
    { kind: 'value', path: 'metadata.namespace', want: 'default', got: 'lab3' },
  ]);
});

test('every field the student wrote is compared, with its path', () => {
  const m = podManifest();
  m.metadata.labels = { app: 'web' } as never;
  m.spec.containers[0].image = 'nginx:1.23';
  m.spec.containers[0].ports = [{ containerPort: 8080 }];
  m.spec.tolerations[0].value = 'other';
  m.spec.nodeSelector = { 'kubernetes.io/os': 'windows' };
  expect(manifestMismatches(m, livePod(), 'lab3')).toEqual([
    { kind: 'value', path: 'metadata.labels.app', want: 'web', got: 'nginx' },
    { kind: 'value', path: 'spec.containers[name=nginx].image', want: 'nginx:1.23', got: 'nginx:1.22' },
    { kind: 'item', path: 'spec.containers[name=nginx].ports[containerPort=8080]', want: { containerPort: 8080 }, got: ['80'] },
    { kind: 'item', path: 'spec.tolerations[0]', want: { key: 'dedicated', operator: 'Equal', value: 'other', effect: 'NoSchedule' }, got: livePod().spec.tolerations },
    { kind: 'value', path: 'spec.nodeSelector.kubernetes.io/os', want: 'windows', got: 'linux' },
  ]);
});

test('fields the cluster lacks, a missing container and init containers are differences', () => {
  const m = podManifest() as any;
  m.metadata.labels.tier = 'web';
  m.spec.containers.push({ name: 'sidecar', image: 'busybox:1.36' });
  m.spec.initContainers = [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }];
  m.spec.containers[0].env = [{ name: 'MODE', value: 'lab' }];
  const live = livePod() as any;
  live.spec.initContainers = [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'false'] }];
  expect(manifestMismatches(m, live, 'lab3')).toEqual([
    { kind: 'value', path: 'metadata.labels.tier', want: 'web', got: undefined },
    { kind: 'value', path: 'spec.containers[name=nginx].env', want: [{ name: 'MODE', value: 'lab' }], got: undefined },
    { kind: 'item', path: 'spec.containers[name=sidecar]', want: { name: 'sidecar', image: 'busybox:1.36' }, got: ['nginx'] },
    { kind: 'value', path: 'spec.initContainers[name=init].command', want: ['sh', '-c', 'true'], got: ['sh', '-c', 'false'] },
  ]);
});

test('lists keyed by name or port, and sets, match in any order', () => {
  const m = { metadata: { name: 'p' }, spec: { containers: [{ name: 'b', env: [{ name: 'Y', value: '2' }, { name: 'X', value: '1' }] }, { name: 'a', ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 80 }] }] } };
  const live = {
    metadata: { name: 'p', namespace: 'n' },
    spec: {
      containers: [
        { name: 'a', ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP' }] },
        { name: 'b', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }] },
      ],
    },
  };
  expect(manifestMismatches(m, live, 'n')).toEqual([]);
  const tcp53 = { ...m, spec: { containers: [{ name: 'a', ports: [{ containerPort: 53 }] }] } };
  expect(manifestMismatches(tcp53, live, 'n')).toEqual([{ kind: 'item', path: 'spec.containers[name=a].ports[containerPort=53]', want: { containerPort: 53 }, got: ['80', '53/UDP'] }]);
});

test('a DaemonSet: selector, template labels and tolerations of the template', () => {
  const ds = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'nginx-ds', namespace: 'lab4' },
    spec: {
      selector: { matchLabels: { app: 'nginx-ds' } },
      template: {
        metadata: { labels: { app: 'nginx-ds' }, creationTimestamp: null },
        spec: { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }], containers: [{ name: 'nginx', image: 'nginx:1.22', resources: {} }] },
      },
    },
    status: {},
  };
  const live = JSON.parse(JSON.stringify(ds));
  delete live.apiVersion;
  delete live.kind;
  live.spec.template.spec.containers[0].imagePullPolicy = 'IfNotPresent';
  live.spec.updateStrategy = { type: 'RollingUpdate' };
  live.spec.template.metadata.creationTimestamp = undefined;
  live.status = { desiredNumberScheduled: 3 };
  expect(manifestMismatches(ds, live, 'lab4')).toEqual([]);
  live.spec.template.spec.tolerations[0].key = 'node-role.kubernetes.io/master';
  live.spec.selector.matchLabels.app = 'web';
  expect(manifestMismatches(ds, live, 'lab4').map((m) => m.path)).toEqual(['spec.selector.matchLabels.app', 'spec.template.spec.tolerations[0]']);
});

test('API normalisation: quantities, int-or-string, empty values, null, kubectl-generated fields', () => {
  const m = {
    metadata: { name: 'p', creationTimestamp: null, resourceVersion: '1', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'old' } },
    spec: {
      containers: [
        {
          name: 'c',
          resources: { requests: { cpu: 1, memory: '1024Mi' }, limits: { 'ephemeral-storage': '1e3' } },
          livenessProbe: { httpGet: { port: '80', path: '/' } },
          env: [{ name: 'E', value: '' }],
          securityContext: {},
          ports: [],
        },
      ],
      volumes: [{ name: 'v', emptyDir: { sizeLimit: '0.5Gi' } }],
    },
    status: {},
  };
  const live = {
    metadata: { name: 'p', namespace: 'n', resourceVersion: '9', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'new' } },
    spec: {
      containers: [{ name: 'c', resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { 'ephemeral-storage': '1k' } }, livenessProbe: { httpGet: { port: 80, path: '/', scheme: 'HTTP' } }, env: [{ name: 'E' }] }],
      volumes: [{ name: 'v', emptyDir: { sizeLimit: '512Mi' } }],
    },
  };
  expect(manifestMismatches(m, live, 'n')).toEqual([]);
  // A quantity only counts as one under resources: an env value is a string like any other.
  const env = { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', env: [{ name: 'SIZE', value: '1024Mi' }] }] } };
  expect(manifestMismatches(env, { ...live, spec: { containers: [{ name: 'c', env: [{ name: 'SIZE', value: '1Gi' }] }] } }, 'n')).toHaveLength(1);
  expect([parseQuantity('500m'), parseQuantity(0.5), parseQuantity('1Ki'), parseQuantity('2e3'), parseQuantity('abc'), parseQuantity('1Gb')]).toEqual([0.5, 0.5, 1024, 2000, undefined, undefined]);
});

test('differences read as lines with their path, in both languages', () => {
  const value = { kind: 'value' as const, path: 'spec.containers[name=nginx].image', want: 'nginx:1.23', got: 'nginx:1.22' };
  const item = { kind: 'item' as const, path: 'spec.tolerations[0]', want: { key: 'k', operator: 'Exists' }, got: [] };
  expect(describeMismatch(value, translator('en'))).toBe('spec.containers[name=nginx].image: the manifest says nginx:1.23, the cluster has nginx:1.22');
  expect(describeMismatch(value, translator('es'))).toBe('spec.containers[name=nginx].image: el manifiesto dice nginx:1.23, el clúster tiene nginx:1.22');
  expect(describeMismatch({ ...value, got: undefined }, translator('en'))).toBe('spec.containers[name=nginx].image: the manifest says nginx:1.23, the cluster has nothing');
  expect(describeMismatch(item, translator('es'))).toBe('spec.tolerations[0]: {"key":"k","operator":"Exists"} está en el manifiesto y no en el clúster (allí: ∅)');
});

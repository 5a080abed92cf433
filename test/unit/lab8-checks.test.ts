import { ownedPods, rolledOut, rolloutState, stuckForGood } from '../../src/checks/k8s/deployment-pods.js';
import { probeProblem, resolvePort } from '../../src/checks/k8s/readiness-probe.js';
import { readyEndpoints, serviceSelects } from '../../src/checks/k8s/service-endpoints.js';
import { countServing } from '../../src/checks/k8s/service-http.js';
import { allowedNodes, judgeSpread, placement } from '../../src/checks/k8s/spread.js';
import { manifestMismatches } from '../../src/checks/k8s/subset.js';

/** Lab 8's pure judgements: the spread rule, selector ↔ labels, targetPort, EndpointSlices, serving Pods. */

const node = (name: string, labels: Record<string, string> = {}) => ({ metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...labels } } });
const NODES = [node('a', { disk: 'ssd' }), node('b', { disk: 'ssd' }), node('c', { disk: 'hdd' })];
const labels = { app: 'miweb' };
const spreadBy = (c: Record<string, unknown>) => ({
  metadata: { labels },
  spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: labels }, ...c }] },
});
const antiAffinity = (kind: 'required' | 'preferred', topologyKey = 'kubernetes.io/hostname') => {
  const term = { topologyKey, labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['miweb'] }] } };
  return {
    metadata: { labels },
    spec: {
      affinity: {
        podAntiAffinity:
          kind === 'required' ? { requiredDuringSchedulingIgnoredDuringExecution: [term] } : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
      },
    },
  };
};
const key = (t: { metadata?: any; spec?: any }, replicas = 3) => judgeSpread(t, replicas, NODES).key;

describe('the spread rule: only a rule that forces two nodes passes', () => {
  test('a hard topology spread or a required anti-affinity per hostname', () => {
    expect(judgeSpread(spreadBy({}), 3, NODES)).toEqual({ ok: true, key: 'k8s.spread.bySpread', vars: { skew: 1 } });
    expect(judgeSpread(spreadBy({ maxSkew: 2 }), 3, NODES).ok).toBe(true);
    expect(judgeSpread(antiAffinity('required'), 3, NODES)).toMatchObject({ ok: true, key: 'k8s.spread.byAntiAffinity' });
  });

  test('no rule, a preference, or a rule that does not separate nodes', () => {
    expect(key({ metadata: { labels }, spec: {} })).toBe('k8s.spread.none');
    expect(key(spreadBy({ whenUnsatisfiable: 'ScheduleAnyway' }))).toBe('k8s.spread.scheduleAnyway');
    expect(key(antiAffinity('preferred'))).toBe('k8s.spread.preferred');
    expect(judgeSpread(spreadBy({ topologyKey: 'kubernetes.io/os' }), 3, NODES)).toEqual({ ok: false, key: 'k8s.spread.topologyKey', vars: { key: 'kubernetes.io/os' } });
    expect(key(antiAffinity('required', 'topology.kubernetes.io/zone'))).toBe('k8s.spread.topologyKey');
  });

  test("a rule whose selector misses the template's Pods, or whose skew lets every replica share a node", () => {
    expect(judgeSpread(spreadBy({ labelSelector: { matchLabels: { app: 'web' } } }), 3, NODES)).toEqual({
      ok: false,
      key: 'k8s.spread.ruleSelector',
      vars: { selector: 'app=web', labels: 'app=miweb' },
    });
    expect(key(spreadBy({ labelSelector: undefined }))).toBe('k8s.spread.ruleSelector');
    expect(judgeSpread(spreadBy({ maxSkew: 3 }), 3, NODES)).toEqual({ ok: false, key: 'k8s.spread.maxSkew', vars: { skew: 3, replicas: 3 } });
  });

  test('one replica, nodeName, or node restrictions that leave a single node defeat any rule', () => {
    expect(key(spreadBy({}), 1)).toBe('k8s.spread.oneReplica');
    const pinned = (spec: Record<string, unknown>) => ({ ...spreadBy({}), spec: { ...spreadBy({}).spec, ...spec } });
    expect(key(pinned({ nodeName: 'a' }))).toBe('k8s.spread.nodeName');
    expect(judgeSpread(pinned({ nodeSelector: { 'kubernetes.io/hostname': 'a' } }), 3, NODES)).toEqual({ ok: false, key: 'k8s.spread.oneNodeAllowed', vars: { nodes: 'a', count: 1 } });
    expect(key(pinned({ nodeSelector: { disk: 'hdd' } }))).toBe('k8s.spread.oneNodeAllowed');
    // A nodeSelector that leaves two nodes still lets the rule do its work.
    expect(judgeSpread(pinned({ nodeSelector: { disk: 'ssd' } }), 3, NODES).ok).toBe(true);
  });

  test('allowed nodes: nodeSelector and required node affinity (terms ORed, expressions ANDed, matchFields by name)', () => {
    const names = (spec: unknown) => allowedNodes(spec, NODES).map((n) => n.metadata?.name);
    expect(names({})).toEqual(['a', 'b', 'c']);
    const affinity = (...terms: unknown[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });
    expect(names(affinity({ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }))).toEqual(['a', 'b']);
    expect(names(affinity({ matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['ssd'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] }))).toEqual(['a', 'c']);
    expect(names(affinity({ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }))).toEqual([]);
    expect(names({ nodeSelector: { disk: 'ssd' }, ...affinity({ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['a'] }] }) })).toEqual(['b']);
  });

  test('placement counts the Pods per node', () => {
    const pod = (nodeName?: string) => ({ spec: { nodeName } });
    expect(placement([pod('a'), pod('a'), pod('a')])).toEqual({ nodes: ['a'], text: 'a ×3' });
    expect(placement([pod('a'), pod('b'), pod(undefined)])).toEqual({ nodes: ['a', 'b'], text: 'a, b' });
  });
});

test("a Service's selector ↔ the Pods' labels: every label it names, with its value; an empty one picks nothing", () => {
  expect(serviceSelects({ app: 'miweb' }, { app: 'miweb', tier: 'frontend' })).toBe(true);
  expect(serviceSelects({ app: 'miweb', tier: 'frontend' }, { app: 'miweb' })).toBe(false);
  expect(serviceSelects({ app: 'web' }, { app: 'miweb' })).toBe(false);
  expect(serviceSelects({}, { app: 'miweb' })).toBe(false);
  expect(serviceSelects(undefined, { app: 'miweb' })).toBe(false);
});

test('targetPort and probe ports resolve to a port the containers declare, by number or by name', () => {
  const containers = [{ ports: [{ containerPort: 80, name: 'http' }] }];
  expect(resolvePort(80, containers)).toBe(80);
  expect(resolvePort('80', containers)).toBe(80);
  expect(resolvePort('http', containers)).toBe(80);
  expect(resolvePort(8080, containers)).toBeUndefined();
  expect(resolvePort('web', containers)).toBeUndefined();
  // Containers that declare no port may listen anywhere: a number is taken at its word.
  expect(resolvePort(8080, [{}])).toBe(8080);
  expect(resolvePort('http', [{}])).toBeUndefined();
});

test('the readiness probe: missing, only a liveness probe, aimed at a port the container does not declare', () => {
  const c = { name: 'nginx', ports: [{ containerPort: 80, name: 'http' }] };
  expect(probeProblem({ ...c, readinessProbe: { httpGet: { path: '/', port: 80 } } })).toBeUndefined();
  expect(probeProblem({ ...c, readinessProbe: { tcpSocket: { port: 'http' } } })).toBeUndefined();
  expect(probeProblem({ ...c, readinessProbe: { exec: { command: ['true'] } } })).toBeUndefined();
  expect(probeProblem(c)?.key).toBe('k8s.probe.missing');
  expect(probeProblem({ ...c, livenessProbe: { httpGet: { port: 80 } } })?.key).toBe('k8s.probe.onlyLiveness');
  expect(probeProblem({ ...c, readinessProbe: { httpGet: { port: 8080 } } })).toEqual({ key: 'k8s.probe.port', vars: { container: 'nginx', port: '8080', ports: 'http=80' } });
});

describe('EndpointSlices', () => {
  const slice = (service: string, ports: unknown[], endpoints: unknown[]) => ({ metadata: { labels: { 'kubernetes.io/service-name': service } }, ports, endpoints });
  const ep = (pod: string, conditions: Record<string, boolean> = { ready: true }) => ({ addresses: [`10.0.0.${pod.length}`], conditions, nodeName: `node-${pod}`, targetRef: { kind: 'Pod', name: pod } });

  test("ready endpoints of the Service's port across its slices; not ready and terminating ones do not count; ready unset does", () => {
    const slices = [
      slice('miweb', [{ name: '', port: 80, protocol: 'TCP' }], [ep('p1'), ep('p2', { ready: false }), ep('p3', { ready: true, terminating: true })]),
      slice('miweb', [{ port: 80 }], [ep('p4', {})]),
      slice('other', [{ name: '', port: 80 }], [ep('x')]),
    ];
    expect(readyEndpoints(slices, 'miweb', { port: 80 })).toEqual([
      { pod: 'p1', node: 'node-p1', address: '10.0.0.2', port: 80 },
      { pod: 'p4', node: 'node-p4', address: '10.0.0.2', port: 80 },
    ]);
  });

  test("a slice's port is the Service port's name resolved on the Pods: 8080 where the Pods listen on 80 is the wrong port", () => {
    const slices = [slice('miweb', [{ name: 'web', port: 8080 }], [ep('p1'), ep('p2')])];
    expect(readyEndpoints(slices, 'miweb', { name: 'web', port: 80, targetPort: 8080 }).map((e) => e.port)).toEqual([8080, 8080]);
    // Another Service port's name: not these endpoints' port.
    expect(readyEndpoints(slices, 'miweb', { name: 'metrics', port: 9090 }).map((e) => e.port)).toEqual([undefined, undefined]);
  });

  test('no slice, or a slice without endpoints (a selector that matches nothing): none', () => {
    expect(readyEndpoints([], 'miweb', { port: 80 })).toEqual([]);
    expect(readyEndpoints([slice('miweb', [], [])], 'miweb', { port: 80 })).toEqual([]);
  });
});

test('serving: enough Pods must answer, and the count says how many of how many', () => {
  expect(countServing([{ ok: true }, { ok: false }, { ok: false }], 2)).toEqual({ serving: 1, total: 3, enough: false });
  expect(countServing([{ ok: true }, { ok: true }, { ok: false }], 2)).toEqual({ serving: 2, total: 3, enough: true });
  expect(countServing([], 2)).toEqual({ serving: 0, total: 0, enough: false });
});

test("a Deployment's Pods come through its ReplicaSets; a rollout is done when every replica is updated and available", () => {
  const d = { metadata: { uid: 'd', generation: 2 }, spec: { replicas: 3 }, status: { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 } };
  const rs = [{ metadata: { uid: 'rs1', ownerReferences: [{ uid: 'd' }] } }, { metadata: { uid: 'rs-other', ownerReferences: [{ uid: 'x' }] } }];
  const pod = (name: string, owner: string, deleting = false) => ({ metadata: { name, ownerReferences: [{ uid: owner, controller: true }], ...(deleting ? { deletionTimestamp: 'now' } : {}) } });
  const pods = [pod('a', 'rs1'), pod('b', 'rs1', true), pod('c', 'rs-other')];
  expect(ownedPods(d as any, rs as any, pods as any).map((p) => p.metadata?.name)).toEqual(['a']);
  expect(rolledOut(d as any)).toBe(true);
  expect(rolledOut({ ...d, status: { ...d.status, availableReplicas: 2 } } as any)).toBe(false);
  expect(rolledOut({ ...d, status: { ...d.status, observedGeneration: 1 } } as any)).toBe(false);
  expect(rolledOut({ ...d, status: { ...d.status, replicas: 4 } } as any)).toBe(false);
});

test("manifest-matches tells a Service's ports apart by port, as a container's by containerPort", () => {
  const manifest = { kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 80 }] } };
  const live = { metadata: { name: 's', namespace: 'n' }, spec: { ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] } };
  expect(manifestMismatches(manifest, live, 'n')).toEqual([]);
  const other = { ...manifest, spec: { ports: [{ port: 80, targetPort: 8080 }] } };
  expect(manifestMismatches(other, live, 'n')).toEqual([{ kind: 'value', path: 'spec.ports[port=80].targetPort', want: 8080, got: 80 }]);
  const missing = { ...manifest, spec: { ports: [{ port: 443 }] } };
  expect(manifestMismatches(missing, live, 'n')).toEqual([{ kind: 'item', path: 'spec.ports[port=443]', want: { port: 443 }, got: ['80'] }]);
});

test('a Pod unschedulable for a moment is not stuck yet; one that cannot pull its image is', () => {
  const now = Date.parse('2026-01-01T00:01:00Z');
  const unschedulable = (since: string) => ({ status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastTransitionTime: since }] } });
  expect(stuckForGood(unschedulable('2026-01-01T00:00:55Z'), now)).toBe(false);
  expect(stuckForGood(unschedulable('2026-01-01T00:00:00Z'), now)).toBe(true);
  expect(stuckForGood({ status: { containerStatuses: [{ state: { waiting: { reason: 'ErrImagePull' } } }] } }, now)).toBe(true);
  expect(stuckForGood({ status: { phase: 'Running' } }, now)).toBe(false);
});

test('a rollout is worth waiting for while a Pod is on its way, or while the status lags behind Pods that are all Ready', () => {
  const d = (available: number) => ({ metadata: { uid: 'd', generation: 1 }, spec: { replicas: 3 }, status: { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: available } });
  const ready = { status: { conditions: [{ type: 'Ready', status: 'True' }] } };
  const starting = { status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] } };
  const pullFails = { status: { containerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff' } } }] } };
  expect(rolloutState(d(3) as any, [ready, ready, ready] as any)).toMatchObject({ done: true, waiting: false, progressing: false });
  expect(rolloutState(d(0) as any, [ready, ready, ready] as any)).toMatchObject({ done: false, waiting: true, progressing: true });
  expect(rolloutState(d(1) as any, [ready, starting, pullFails] as any)).toMatchObject({ done: false, waiting: false, progressing: true });
  expect(rolloutState(d(2) as any, [ready, ready, pullFails] as any)).toMatchObject({ done: false, waiting: false, progressing: false });
  expect(rolloutState(d(1) as any, [ready] as any)).toMatchObject({ progressing: true });
});

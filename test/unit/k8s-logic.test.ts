import { imagesOf } from '../../src/checks/k8s/image-pinned.js';
import { blockers, tolerates } from '../../src/checks/k8s/daemonset-nodes.js';
import { foreignPods, selects } from '../../src/checks/k8s/daemonset-selector.js';
import { isDns1123 } from '../../src/checks/k8s/manifest.js';

const controlPlane = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

test('tolerations match taints the way the scheduler matches them', () => {
  expect(tolerates({ key: controlPlane.key, operator: 'Exists', effect: 'NoSchedule' }, controlPlane)).toBe(true);
  expect(tolerates({ operator: 'Exists' }, controlPlane)).toBe(true);
  expect(tolerates({ key: controlPlane.key, operator: 'Exists', effect: 'NoExecute' }, controlPlane)).toBe(false);
  expect(tolerates({ key: 'dedicated', operator: 'Equal', value: 'gpu' }, { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' })).toBe(true);
  expect(tolerates({ key: 'dedicated', value: 'cpu' }, { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' })).toBe(false);
});

test('blockers name the untolerated taints, the nodeSelector, and ignore PreferNoSchedule', () => {
  const node = { metadata: { labels: { zone: 'a' } }, spec: { taints: [controlPlane, { key: 'soft', effect: 'PreferNoSchedule' }] } };
  expect(blockers(node, { containers: [] })).toEqual({ taints: [controlPlane], selector: false });
  expect(blockers(node, { containers: [], tolerations: [{ operator: 'Exists' }], nodeSelector: { zone: 'b' } })).toEqual({ taints: [], selector: true });
});

test('label selectors: matchLabels and every matchExpressions operator', () => {
  const labels = { app: 'nginx-ds', tier: 'web' };
  expect(selects({ matchLabels: { app: 'nginx-ds' } }, labels)).toBe(true);
  expect(selects({ matchLabels: { app: 'other' } }, labels)).toBe(false);
  expect(selects({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] }, labels)).toBe(true);
  expect(selects({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, labels)).toBe(false);
  expect(selects({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels)).toBe(true);
  expect(selects({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels)).toBe(false);
});

test('DNS-1123 names', () => {
  expect(isDns1123('nginx-pod')).toBe(true);
  expect(isDns1123('nginx_pod')).toBe(false);
  expect(isDns1123('Nginx')).toBe(false);
  expect(isDns1123('-nginx')).toBe(false);
});

test("the selector's foreign Pods: another controller's count, the DaemonSet's own and those on their way out do not", () => {
  const selector = { matchLabels: { app: 'nginx-ds' } };
  const pod = (name: string, owner?: { kind: string; uid: string }, deleting = false) => ({
    metadata: { name, labels: { app: 'nginx-ds' }, ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: 'x', uid: owner.uid, controller: true }] } : {}), ...(deleting ? { deletionTimestamp: '2026-12-02T02:00:00Z' } : {}) },
  });
  const pods = [
    pod('own', { kind: 'DaemonSet', uid: 'new' }),
    pod('deployment', { kind: 'ReplicaSet', uid: 'rs' }),
    pod('bare'),
    pod('old-ds-terminating', { kind: 'DaemonSet', uid: 'old' }, true),
    pod('old-ds-orphan', { kind: 'DaemonSet', uid: 'old' }),
    pod('other-ds', { kind: 'DaemonSet', uid: 'other' }),
  ];
  expect(foreignPods(selector, 'new', pods, new Set(['new', 'other'])).map((p) => p.metadata.name)).toEqual(['deployment', 'bare', 'other-ds']);
});

test("an init container's image counts for k8s.image-pinned as much as the main container's", () => {
  const spec = { initContainers: [{ name: 'prepara', image: 'busybox' }], containers: [{ name: 'web', image: 'nginx:1.22' }] };
  expect(imagesOf(spec)).toEqual(['busybox', 'nginx:1.22']);
  expect(imagesOf({ containers: [{ name: 'web', image: 'nginx:1.22' }] })).toEqual(['nginx:1.22']);
});

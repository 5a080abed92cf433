import { blockers, tolerates } from '../../src/checks/k8s/daemonset-nodes.js';
import { selects } from '../../src/checks/k8s/daemonset-selector.js';
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

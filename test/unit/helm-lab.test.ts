import { chartOfLabel } from '../../src/checks/k8s/helm-chart-label.js';
import { setArgs } from '../../src/checks/k8s/helm-chart.js';
import { sameImage } from '../../src/checks/k8s/workload-image.js';

// Lab 12's pure pieces; the checks themselves are proven on the test cluster (test/labs/k8s-helm.test.ts).

test('helm.sh/chart is NAME-VERSION, with dashes in the name and helm\'s _ for a build\'s +', () => {
  expect(chartOfLabel('miweb-0.1.0')).toEqual({ name: 'miweb', version: '0.1.0' });
  expect(chartOfLabel('mi-web-1.2.3-rc.1')).toEqual({ name: 'mi-web', version: '1.2.3-rc.1' });
  expect(chartOfLabel('miweb-1.2.3_build.5')).toEqual({ name: 'miweb', version: '1.2.3_build.5' });
  for (const bad of [undefined, '', 'miweb', 'miweb-latest', '0.1.0']) expect([bad, chartOfLabel(bad)]).toEqual([bad, undefined]);
});

test('the statement\'s values go to helm as --set for numbers and --set-string for text, so 1.20 stays "1.20"', () => {
  expect(setArgs({ replicaCount: 2, 'image.tag': '1.20', debug: false })).toEqual(['--set', 'replicaCount=2', '--set-string', 'image.tag=1.20', '--set', 'debug=false']);
  expect(setArgs()).toEqual([]);
});

test('an image is the same however it is spelt; another tag, or no tag against a pinned one, is not', () => {
  expect(sameImage('nginx:1.22', 'docker.io/library/nginx:1.22')).toBe(true);
  expect(sameImage('nginx:1.22', 'nginx:1.22.1')).toBe(false);
  expect(sameImage('nginx', 'nginx:latest')).toBe(true);
  expect(sameImage('nginx', 'nginx:1.22')).toBe(false);
  expect(sameImage('quay.io/nginx/nginx:1.22', 'nginx:1.22')).toBe(false);
});

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { parseConfigMapRef } from '../../src/class/gradebook-configmap.js';
import { kubeSource, SERVICE_ACCOUNT_DIR } from '../../src/targets/kube-source.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOKEN = join(SERVICE_ACCOUNT_DIR, 'token');
const POD = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', HOME: '/home/grader' };
const having = (...files: string[]) => (f: string) => files.includes(f);

describe('where the cluster credentials come from', () => {
  test('outside a Pod: --kubeconfig, then KUBECONFIG (existing files only), then ~/.kube/config', () => {
    expect(kubeSource('/k/a', { KUBECONFIG: '/k/b' }, having('/k/a', '/k/b'))).toEqual({ kind: 'files', files: ['/k/a'], source: '/k/a' });
    expect(kubeSource(undefined, { KUBECONFIG: '/k/a::/k/none:/k/b' }, having('/k/a', '/k/b'))).toEqual({ kind: 'files', files: ['/k/a', '/k/b'], source: '/k/a:/k/none:/k/b' });
    expect(kubeSource(undefined, { HOME: '/home/ana' }, having('/home/ana/.kube/config'))).toMatchObject({ kind: 'files', files: ['/home/ana/.kube/config'] });
    expect(kubeSource(undefined, { HOME: '/home/ana' }, having())).toEqual({ kind: 'none', source: '/home/ana/.kube/config' });
  });

  test('in a Pod with no kubeconfig found: its ServiceAccount token', () => {
    expect(kubeSource(undefined, POD, having(TOKEN))).toEqual({ kind: 'pod', source: SERVICE_ACCOUNT_DIR });
    // A KUBECONFIG that names nothing that exists does not stop it, as with kubectl.
    expect(kubeSource(undefined, { ...POD, KUBECONFIG: '/nowhere' }, having(TOKEN))).toMatchObject({ kind: 'pod' });
  });

  test('in a Pod, a kubeconfig that exists wins: it names the cluster to grade', () => {
    expect(kubeSource(undefined, { ...POD, KUBECONFIG: '/kube/config' }, having(TOKEN, '/kube/config'))).toMatchObject({ kind: 'files', files: ['/kube/config'] });
    expect(kubeSource(undefined, POD, having(TOKEN, '/home/grader/.kube/config'))).toMatchObject({ kind: 'files' });
  });

  test('an explicit --kubeconfig that is missing is an error, even in a Pod', () => {
    expect(kubeSource('/typo', POD, having(TOKEN))).toEqual({ kind: 'none', source: '/typo' });
  });

  test('not a Pod: no service variables, or no token mounted (automountServiceAccountToken: false)', () => {
    expect(kubeSource(undefined, { HOME: '/h' }, having(TOKEN))).toMatchObject({ kind: 'none' });
    expect(kubeSource(undefined, { ...POD, KUBERNETES_SERVICE_PORT: '' }, having(TOKEN))).toMatchObject({ kind: 'none' });
    expect(kubeSource(undefined, POD, having())).toMatchObject({ kind: 'none' });
  });
});

test('--configmap takes NAMESPACE/NAME as Kubernetes spells them', () => {
  expect(parseConfigMapRef('lab-grader/lab-grader-gradebook')).toEqual({ namespace: 'lab-grader', name: 'lab-grader-gradebook' });
  expect(parseConfigMapRef('ns/book.v1')).toEqual({ namespace: 'ns', name: 'book.v1' });
  for (const bad of ['gradebook', 'ns/', '/name', 'ns/a/b', 'NS/name', 'ns/Name', 'ns.x/name', `${'a'.repeat(64)}/n`]) expect(parseConfigMapRef(bad)).toBeUndefined();
});

test("the chart's ClusterRole has exactly the rules of manifests/grader-rbac.yaml", () => {
  const manifest = parseAllDocuments(readFileSync(join(ROOT, 'manifests/grader-rbac.yaml'), 'utf8')).map((d) => d.toJS()).find((o) => o.kind === 'ClusterRole');
  // The template's expressions are all single-line scalars: a placeholder makes it plain YAML.
  const template = readFileSync(join(ROOT, 'charts/lab-grader/templates/clusterrole.yaml'), 'utf8').replace(/\{\{-?[^}]*\}\}/g, 'x');
  const chart = template.split(/^---$/m).map((d) => parse(d)).find((o) => o.kind === 'ClusterRole');
  expect(manifest.rules.length).toBeGreaterThan(0);
  expect(chart.rules).toEqual(manifest.rules);
});

test("the chart's values and Chart.yaml agree with the package", () => {
  const chart = parse(readFileSync(join(ROOT, 'charts/lab-grader/Chart.yaml'), 'utf8'));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  expect(chart.appVersion).toBe(pkg.version);
  expect(parse(readFileSync(join(ROOT, 'charts/lab-grader/values.yaml'), 'utf8')).namespaces).toEqual(['alumno-*']);
});

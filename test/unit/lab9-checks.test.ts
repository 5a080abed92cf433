import { headlessProblems } from '../../src/checks/k8s/headless-service.js';
import { secretProblems, type SecretPodSpec } from '../../src/checks/k8s/secret-env.js';
import { claimStates, storageAt } from '../../src/checks/k8s/statefulset-storage.js';
import { translator } from '../../src/i18n/index.js';
import type { KubeObject } from '../../src/targets/kubernetes.js';

/** Lab 9's pure judgements: where a password comes from, what holds /var/lib/mysql, the headless Service. */

const fromSecret = { name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'mimysql', key: 'MYSQL_ROOT_PASSWORD' } } };
const container = (extra: object) => ({ name: 'mysql', ...extra });

describe('secretProblems', () => {
  test('secretKeyRef, envFrom of a Secret, and a *_FILE into a mounted Secret volume pass; other names are not judged', () => {
    expect(secretProblems({ containers: [container({ env: [fromSecret, { name: 'MYSQL_DATABASE', value: 'curso' }] })] }, ['MYSQL_ROOT_PASSWORD'])).toEqual([]);
    expect(secretProblems({ containers: [container({ envFrom: [{ secretRef: { name: 'mimysql' } }] })] }, ['MYSQL_ROOT_PASSWORD'])).toEqual([]);
    const file: SecretPodSpec = {
      containers: [container({ env: [{ name: 'MYSQL_ROOT_PASSWORD_FILE', value: '/run/secrets/mysql/MYSQL_ROOT_PASSWORD' }], volumeMounts: [{ name: 's', mountPath: '/run/secrets/mysql/' }] })],
      volumes: [{ name: 's', secret: { secretName: 'mimysql' } }],
    };
    expect(secretProblems(file, ['MYSQL_ROOT_PASSWORD'])).toEqual([]);
    const projected: SecretPodSpec = { ...file, volumes: [{ name: 's', projected: { sources: [{ secret: { name: 'mimysql' } }] } }] };
    expect(secretProblems(projected, ['MYSQL_ROOT_PASSWORD'])).toEqual([]);
  });

  test('a literal, a ConfigMap (by key or envFrom), a *_FILE outside a Secret volume and a missing variable are named', () => {
    expect(secretProblems({ containers: [container({ env: [{ name: 'MYSQL_ROOT_PASSWORD', value: 'password' }] })] })).toEqual([{ kind: 'literal', container: 'mysql', name: 'MYSQL_ROOT_PASSWORD' }]);
    // An empty literal is still written in the manifest.
    expect(secretProblems({ containers: [container({ env: [{ name: 'API_TOKEN', value: '' }] })] })).toEqual([{ kind: 'literal', container: 'mysql', name: 'API_TOKEN' }]);
    expect(secretProblems({ containers: [container({ env: [{ name: 'MYSQL_PASSWORD', valueFrom: { configMapKeyRef: { name: 'cfg' } } }] })] })).toEqual([
      { kind: 'configmap', container: 'mysql', name: 'MYSQL_PASSWORD', configmap: 'cfg' },
    ]);
    const keys = (name: string) => (name === 'cfg' ? ['MYSQL_ROOT_PASSWORD', 'MYSQL_DATABASE'] : []);
    expect(secretProblems({ containers: [container({ envFrom: [{ configMapRef: { name: 'cfg' } }] })] }, ['MYSQL_ROOT_PASSWORD'], keys)).toEqual([
      { kind: 'configmap', container: 'mysql', name: 'MYSQL_ROOT_PASSWORD', configmap: 'cfg' },
    ]);
    const emptyDirFile: SecretPodSpec = {
      containers: [container({ env: [{ name: 'MYSQL_ROOT_PASSWORD_FILE', value: '/run/secrets/mysql-pw' }], volumeMounts: [{ name: 's', mountPath: '/run/secrets/mysql' }] })],
      volumes: [{ name: 's', secret: {} }],
    };
    // /run/secrets/mysql-pw is beside the mount, not in it.
    expect(secretProblems(emptyDirFile)).toEqual([{ kind: 'file-not-secret', container: 'mysql', name: 'MYSQL_ROOT_PASSWORD_FILE', path: '/run/secrets/mysql-pw' }]);
    expect(secretProblems({ containers: [container({ env: [{ name: 'MYSQL_ALLOW_EMPTY_PASSWORD', value: 'yes' }] })] }, ['MYSQL_ROOT_PASSWORD'])).toEqual([
      { kind: 'literal', container: 'mysql', name: 'MYSQL_ALLOW_EMPTY_PASSWORD' },
      { kind: 'missing', name: 'MYSQL_ROOT_PASSWORD' },
    ]);
    expect(secretProblems({ containers: [container({ env: [{ name: 'DB_PASS', valueFrom: { fieldRef: {} } }] })] })).toEqual([{ kind: 'other', container: 'mysql', name: 'DB_PASS' }]);
  });

  test('init containers are judged too', () => {
    const spec: SecretPodSpec = { initContainers: [{ name: 'init', env: [{ name: 'ROOT_PASSWORD', value: 'x' }] }], containers: [container({ env: [fromSecret] })] };
    expect(secretProblems(spec, ['MYSQL_ROOT_PASSWORD'])).toEqual([{ kind: 'literal', container: 'init', name: 'ROOT_PASSWORD' }]);
  });

  test('the literal message names the variable and never shows its value', () => {
    for (const lang of ['es', 'en'] as const) {
      const text = translator(lang)('secretEnv.literal', { name: 'MYSQL_ROOT_PASSWORD', container: 'mysql', value: '********' });
      expect(text).toContain('MYSQL_ROOT_PASSWORD');
      expect(text).not.toMatch(/password(?!\w)/);
    }
  });
});

const sts = (volumes: object[], claimTemplates: string[] = [], mountPath = '/var/lib/mysql') => ({
  spec: {
    volumeClaimTemplates: claimTemplates.map((name) => ({ metadata: { name } })),
    template: { spec: { containers: [{ name: 'mysql', volumeMounts: [{ name: 'datos', mountPath }] }], volumes } },
  },
});

describe('storageAt', () => {
  test('a claim template, with or without a trailing slash', () => {
    expect(storageAt(sts([], ['datos']), '/var/lib/mysql')).toEqual({ kind: 'template', volume: 'datos' });
    expect(storageAt(sts([], ['datos'], '/var/lib/mysql/'), '/var/lib/mysql')).toEqual({ kind: 'template', volume: 'datos' });
  });
  test('emptyDir, hostPath, one shared claim, nothing', () => {
    expect(storageAt(sts([{ name: 'datos', emptyDir: {} }]), '/var/lib/mysql')).toEqual({ kind: 'emptyDir', volume: 'datos' });
    expect(storageAt(sts([{ name: 'datos', hostPath: { path: '/data' } }]), '/var/lib/mysql')).toEqual({ kind: 'hostPath', volume: 'datos' });
    expect(storageAt(sts([{ name: 'datos', persistentVolumeClaim: { claimName: 'shared' } }]), '/var/lib/mysql')).toEqual({ kind: 'shared-claim', volume: 'datos', claim: 'shared' });
    expect(storageAt(sts([], ['datos'], '/data'), '/var/lib/mysql')).toEqual({ kind: 'none' });
  });
});

describe('claimStates', () => {
  const pod = (name: string, claim?: string): KubeObject => ({ metadata: { name }, spec: { volumes: claim ? [{ name: 'datos', persistentVolumeClaim: { claimName: claim } }] : [] } });
  const pvc = (name: string, phase: string, storageClassName?: string): KubeObject => ({ metadata: { name }, spec: { storageClassName }, status: { phase } });
  test("each Pod's own claim <template>-<pod>: Bound, Pending with its class, absent, or not the one mounted", () => {
    const pods = [pod('mimysql-0', 'datos-mimysql-0'), pod('mimysql-1', 'datos-mimysql-1'), pod('mimysql-2', 'datos-mimysql-2'), pod('mimysql-3', 'datos-mimysql-0')];
    const claims = [pvc('datos-mimysql-0', 'Bound', 'standard'), pvc('datos-mimysql-1', 'Pending', 'fast')];
    expect(claimStates(pods, claims, 'datos')).toEqual([
      { pod: 'mimysql-0', claim: 'datos-mimysql-0', state: 'bound' },
      { pod: 'mimysql-1', claim: 'datos-mimysql-1', state: 'pending', storageClass: 'fast' },
      { pod: 'mimysql-2', claim: 'datos-mimysql-2', state: 'absent' },
      { pod: 'mimysql-3', claim: 'datos-mimysql-3', state: 'not-mounted', got: 'datos-mimysql-0' },
    ]);
  });
});

describe('headlessProblems', () => {
  const set = (serviceName?: string): KubeObject => ({ metadata: { name: 'mimysql' }, spec: { serviceName, template: { metadata: { labels: { app: 'mimysql', tier: 'db' } } } } });
  const svc = (spec: object): KubeObject => ({ metadata: { name: 'mimysql' }, spec: { clusterIP: 'None', selector: { app: 'mimysql' }, ports: [{ port: 3306 }], ...spec } });
  test('the Service serviceName names: headless, selecting the template, with the port', () => {
    expect(headlessProblems(set('mimysql'), [svc({})], 3306)).toEqual([]);
    expect(headlessProblems(set('mimysql'), [svc({ selector: { app: 'mimysql', tier: 'db' } })])).toEqual([]);
  });
  test('no serviceName, no such Service, a ClusterIP, a selector that misses, a port that is not there', () => {
    expect(headlessProblems(set(undefined), [svc({})])).toEqual([{ kind: 'no-service-name' }]);
    expect(headlessProblems(set('mysql'), [svc({})])).toEqual([{ kind: 'missing', service: 'mysql', others: ['mimysql'] }]);
    expect(headlessProblems(set('mimysql'), [svc({ clusterIP: '10.96.0.7', selector: { app: 'other' }, ports: [{ port: 80 }] })], 3306).map((p) => p.kind)).toEqual(['not-headless', 'selector', 'port']);
    // An empty selector selects nothing for a Service (no Endpoints are made).
    expect(headlessProblems(set('mimysql'), [svc({ selector: {} })]).map((p) => p.kind)).toEqual(['selector']);
  });
});

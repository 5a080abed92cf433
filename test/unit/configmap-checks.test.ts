import { configMapUses, givesKey, missingKeys } from '../../src/checks/k8s/init-uses-configmap.js';
import { initState, missingConfig } from '../../src/checks/k8s/init-completed.js';
import { sharing } from '../../src/checks/k8s/init-shares-volume.js';
import { pageShows, readable } from '../../src/checks/k8s/serves-configmap-value.js';
import { deploymentPods } from '../../src/checks/k8s/workload.js';
import { closest } from '../../src/checks/similar.js';
import type { PodSpec } from '../../src/checks/k8s/workload.js';

/** Lab 10: the pure judgments behind its check kinds. */

const html = { name: 'html', volumeMounts: [{ name: 'html', mountPath: '/html' }] };
const nginx = { name: 'nginx', image: 'nginx:1.22', volumeMounts: [{ name: 'html', mountPath: '/usr/share/nginx/html' }] };

test('a ConfigMap reaches a container by a volume (whole, with items, projected), env or envFrom', () => {
  const spec = {
    volumes: [
      { name: 'html', emptyDir: {} },
      { name: 'config', configMap: { name: 'miweb-config' } },
      { name: 'some', configMap: { name: 'miweb-config', items: [{ key: 'mensaje', path: 'index.html' }] } },
      { name: 'proj', projected: { sources: [{ configMap: { name: 'miweb-config' } }] } },
      { name: 'other', configMap: { name: 'other' } },
    ],
    initContainers: [
      { name: 'a', volumeMounts: [{ name: 'config', mountPath: '/config' }, { name: 'other', mountPath: '/o' }] },
      { name: 'b', env: [{ name: 'M', valueFrom: { configMapKeyRef: { name: 'miweb-config', key: 'mensaje' } } }, { name: 'X', value: 'x' }] },
      { name: 'c', envFrom: [{ configMapRef: { name: 'miweb-config' } }], volumeMounts: [{ name: 'some', mountPath: '/s' }, { name: 'proj', mountPath: '/p' }] },
    ],
    containers: [{ name: 'nginx', env: [{ name: 'M', valueFrom: { configMapKeyRef: { name: 'miweb-config', key: 'otra' } } }] }],
  } as unknown as PodSpec;
  expect(configMapUses(spec, 'miweb-config')).toEqual([
    { container: 'a', init: true, via: 'volume', keys: undefined, mountPath: '/config', optional: undefined },
    { container: 'b', init: true, via: 'env', keys: ['mensaje'], optional: undefined },
    { container: 'c', init: true, via: 'volume', keys: ['mensaje'], mountPath: '/s', optional: undefined },
    { container: 'c', init: true, via: 'volume', keys: undefined, mountPath: '/p' },
    { container: 'c', init: true, via: 'envFrom', optional: undefined },
    { container: 'nginx', init: false, via: 'env', keys: ['otra'], optional: undefined },
  ]);
  expect(configMapUses({ containers: [], initContainers: [html] } as PodSpec, 'miweb-config')).toEqual([]);
});

test("a use that names a key the ConfigMap lacks, and whether it gives the lab's key", () => {
  const env = { container: 'b', init: true, via: 'env' as const, keys: ['mensage'] };
  expect(missingKeys(env, ['mensaje'])).toEqual(['mensage']);
  expect(givesKey(env, 'mensaje')).toBe(false);
  expect(missingKeys({ ...env, via: 'volume', keys: undefined }, ['mensaje'])).toEqual([]);
  expect(givesKey({ ...env, via: 'envFrom', keys: undefined }, 'mensaje')).toBe(true);
  expect(closest('mensaje', ['message', 'otra'])).toContain('message');
});

test('the page volume: an emptyDir at the path in nginx (trailing slash or not) that an init container mounts', () => {
  const volumes = [{ name: 'html', emptyDir: {} }, { name: 'cm', configMap: { name: 'miweb-config' } }];
  expect(sharing({ volumes, initContainers: [html], containers: [nginx] } as PodSpec, '/usr/share/nginx/html')).toEqual({ ok: true, volume: 'html', init: ['html'], main: ['nginx'] });
  const slash = { ...nginx, volumeMounts: [{ name: 'html', mountPath: '/usr/share/nginx/html/' }] };
  expect(sharing({ volumes, initContainers: [html], containers: [slash] } as PodSpec, '/usr/share/nginx/html').ok).toBe(true);
  expect(sharing({ volumes, initContainers: [html], containers: [{ name: 'nginx' }] } as PodSpec, '/usr/share/nginx/html')).toEqual({ ok: false, why: 'not-mounted' });
  expect(sharing({ volumes, initContainers: [], containers: [nginx] } as PodSpec, '/usr/share/nginx/html')).toEqual({ ok: false, why: 'not-in-init', volume: 'html' });
  const cm = { ...nginx, volumeMounts: [{ name: 'cm', mountPath: '/usr/share/nginx/html' }] };
  expect(sharing({ volumes, initContainers: [html], containers: [cm] } as PodSpec, '/usr/share/nginx/html')).toEqual({ ok: false, why: 'not-emptydir', volume: 'cm', type: 'configMap' });
});

const pod = (statuses: unknown[], names = ['prepara-web']) => ({ spec: { initContainers: names.map((name) => ({ name })) }, status: { initContainerStatuses: statuses } });

test("an init container's state: done, waiting, failed now or in its last run, refused config, image not there", () => {
  const done = { name: 'prepara-web', state: { terminated: { exitCode: 0, reason: 'Completed' } } };
  expect(initState(pod([done]))).toEqual({ state: 'done', containers: ['prepara-web'] });
  expect(initState(pod([]))).toEqual({ state: 'waiting' });
  expect(initState(pod([{ name: 'prepara-web', state: { waiting: { reason: 'PodInitializing' } } }]))).toEqual({ state: 'waiting' });
  expect(initState(pod([{ name: 'prepara-web', state: { running: {} } }]))).toEqual({ state: 'waiting' });
  expect(initState(pod([{ name: 'prepara-web', state: { terminated: { exitCode: 1, reason: 'Error' } } }]))).toEqual({ state: 'failed', container: 'prepara-web', exitCode: 1, reason: 'Error', previous: false });
  const crashing = { name: 'prepara-web', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 2, reason: 'Error' } } };
  expect(initState(pod([crashing]))).toMatchObject({ state: 'failed', exitCode: 2, previous: false });
  const again = { name: 'prepara-web', state: { running: {} }, lastState: { terminated: { exitCode: 2 } } };
  expect(initState(pod([again]))).toMatchObject({ state: 'failed', exitCode: 2, previous: true });
  const config = { name: 'prepara-web', state: { waiting: { reason: 'CreateContainerConfigError', message: "couldn't find key mensage in ConfigMap lab10/miweb-config" } } };
  expect(initState(pod([config]))).toMatchObject({ state: 'config', container: 'prepara-web' });
  expect(initState(pod([{ name: 'prepara-web', state: { waiting: { reason: 'ErrImagePull', message: 'not found' } } }]))).toMatchObject({ state: 'stuck', reason: 'ErrImagePull' });
  // The second of two init containers decides once the first is done.
  expect(initState(pod([done, { name: 'comprueba', state: { terminated: { exitCode: 1 } } }], ['prepara-web', 'comprueba']))).toMatchObject({ state: 'failed', container: 'comprueba' });
  expect(initState(pod([done], ['prepara-web', 'comprueba']))).toEqual({ state: 'waiting' });
});

test("the kubelet's CreateContainerConfigError message, read for the key and the ConfigMap", () => {
  expect(missingConfig("couldn't find key mensage in ConfigMap lab10/miweb-config")).toEqual({ key: 'mensage', configmap: 'miweb-config' });
  expect(missingConfig('configmap "miweb-confg" not found')).toEqual({ configmap: 'miweb-confg' });
  expect(missingConfig('something else')).toBeUndefined();
});

test('the page shows the value: raw, HTML-escaped, across lines, with accents; not a part of it', () => {
  expect(pageShows('<h1>Hola desde mi ConfigMap</h1>\n', '  Hola desde mi ConfigMap\n')).toBe(true);
  expect(pageShows('<p>Señal &amp; ruido: &lt;todo&gt;\n¿sí?</p>', 'Señal & ruido: <todo>\n¿sí?\n')).toBe(true);
  expect(pageShows('<p>Se&ntilde;al &#38; ruido &#x3C;ya&#x3E;</p>', 'Señal & ruido <ya>')).toBe(true);
  expect(pageShows('<p>Señal & ruido <b>ya</b></p>', 'Señal & ruido <b>ya</b>')).toBe(true);
  expect(pageShows('<h1>Hola desde el manifiesto</h1>', 'Hola desde mi ConfigMap')).toBe(false);
  expect(pageShows('<h1>Hola</h1>', '')).toBe(false);
  expect(readable('a&nbsp;&amp;&unknown;\n b')).toBe('a &&unknown; b');
});

test("a Deployment's Pods are those of its newest ReplicaSet, not the old ones nor those being deleted", () => {
  const deployment = { metadata: { uid: 'd' } };
  const rs = (uid: string, revision: string, owner = 'd') => ({ metadata: { uid, ownerReferences: [{ uid: owner }], annotations: { 'deployment.kubernetes.io/revision': revision } } });
  const p = (name: string, owner: string, deleting = false) => ({ metadata: { name, ownerReferences: [{ uid: owner }], ...(deleting ? { deletionTimestamp: new Date() } : {}) } });
  const pods = [p('old', 'rs1'), p('new', 'rs2'), p('going', 'rs2', true), p('foreign', 'rs3')];
  expect(deploymentPods(deployment as never, [rs('rs1', '1'), rs('rs2', '2'), rs('rs3', '9', 'x')] as never, pods as never).map((x) => x.metadata?.name)).toEqual(['new']);
  expect(deploymentPods(deployment as never, [], pods as never)).toEqual([]);
});

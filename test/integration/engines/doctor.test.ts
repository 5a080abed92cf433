import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, lab, type Run } from '../docker/drill-helpers.js';
import { contextDigest } from '../../../src/targets/docker-endpoint.js';
import { translator } from '../../../src/i18n/index.js';
import { loadLabs } from '../../../src/spec/loader.js';
import { LABS } from '../../labs/harness.js';

/**
 * `lab doctor` on the real engine and on the broken setups it names: no engine, a context that
 * does not exist, a socket the user may not open, a kubeconfig without the asked-for context.
 * Exit 0 when every asked-for lab can be graded, 2 otherwise, with a fix under each problem.
 */
const work = mkdtempSync('/tmp/lg-doctor-');
afterAll(() => rmSync(work, { recursive: true, force: true }));
const clean = { DOCKER_HOST: '', DOCKER_CONTEXT: '', DOCKER_CONFIG: join(work, 'no-config') };
const lines = (r: Run) => r.stdout.trimEnd().split('\n');
/** Every Kubernetes lab: `lab doctor` with no lab named asks about all of them. */
const KUBERNETES_LABS = loadLabs(LABS, translator('en')).filter((l) => l.target === 'kubernetes').map((l) => l.id).join(', ');

test('on the real engine: the endpoint and why, Docker or Podman and its version, rootful, where ports are dialled; exit 0', async () => {
  const r = await lab(['doctor', '1', '2', '--lang', 'en'], clean);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(lines(r)).toEqual([
    'Docker',
    '  ✔ Engine unix:///var/run/docker.sock, chosen by the default socket (no DOCKER_HOST, DOCKER_CONTEXT or current context)',
    expect.stringMatching(/^ {2}✔ Docker Engine \d+\.\d+\.\d+\S* \(API 1\.\d+\), rootful$/),
    '  ✔ Published ports are dialled at 127.0.0.1',
    '',
    'Every lab can be graded: 1, 2.',
  ]);
});

test('a context from config.json is named with the file that chose it, in Spanish too', async () => {
  const config = join(work, 'ctx');
  mkdirSync(join(config, 'contexts', 'meta', contextDigest('aula')), { recursive: true });
  writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: 'aula' }));
  writeFileSync(join(config, 'contexts', 'meta', contextDigest('aula'), 'meta.json'), JSON.stringify({ Name: 'aula', Endpoints: { docker: { Host: 'unix:///var/run/docker.sock' } } }));
  const r = await lab(['doctor', '1', '--lang', 'es'], { ...clean, DOCKER_CONFIG: config });
  expect(r.code).toBe(0);
  expect(lines(r)[1]).toBe(`  ✔ Engine unix:///var/run/docker.sock (contexto aula), elegido por currentContext en ${config}/config.json`);
  expect(lines(r).at(-1)).toBe('Se pueden calificar todas las prácticas: 1.');
});

test('no engine: exit 2, and the fix says how to start it', async () => {
  const r = await lab(['doctor', '1', '2', '--lang', 'en'], { ...clean, DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
  expect(r.code).toBe(2);
  expect(lines(r)).toEqual([
    'Docker',
    '  ✔ Engine unix:///nonexistent/docker.sock, chosen by the DOCKER_HOST variable',
    '  ✘ The Docker engine cannot be used',
    expect.stringMatching(/^ {6}fix: Cannot connect to Docker at unix:\/\/\/nonexistent\/docker\.sock \(ENOENT\)\. Is Docker running\?/),
    '',
    'Labs 1, 2 cannot be graded: fix the problems above.',
  ]);
});

test('a context that does not exist: exit 2, the fix names where it came from', async () => {
  const r = await lab(['doctor', '1', '--lang', 'en', '--docker-context', 'colima'], clean);
  expect(r.code).toBe(2);
  expect(lines(r).slice(1, 3)).toEqual([
    '  ✘ The Docker engine cannot be used',
    '      fix: There is no Docker context "colima" (the --docker-context option). "docker context ls" lists them: use one of those or "default".',
  ]);
});

test('an unprivileged user who may not open the socket: exit 2, the fix says how to get access', () => {
  const r = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', process.execPath, CLI, 'doctor', '1', '--lang', 'en'], {
    env: { ...process.env, ...clean, HOME: work },
    encoding: 'utf8',
  });
  expect(r.status).toBe(2);
  expect(r.stdout).toContain('✘ The Docker engine cannot be used\n      fix: Permission denied on unix:///var/run/docker.sock. Add your user to the docker group');
});

test('a kubeconfig without the asked-for context: exit 2 for the Kubernetes labs only, with the contexts it has', async () => {
  const kubeconfig = join(work, 'kubeconfig');
  writeFileSync(kubeconfig, [
    'apiVersion: v1', 'kind: Config', 'current-context: aula',
    'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]',
    'users: [{name: u, user: {token: x}}]',
    'contexts: [{name: aula, context: {cluster: c, user: u}}]', '',
  ].join('\n'));
  const r = await lab(['doctor', '--lang', 'en', '--kubeconfig', kubeconfig, '--context', 'kind-lab'], clean);
  expect(r.code).toBe(2);
  expect(lines(r).slice(4)).toEqual([
    'Kubernetes',
    '  ✘ The cluster cannot be used',
    expect.stringMatching(/^ {6}fix: .*kind-lab.*aula/),
    '',
    `Labs ${KUBERNETES_LABS} cannot be graded: fix the problems above.`,
  ]);
});

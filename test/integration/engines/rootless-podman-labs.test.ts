import { join } from 'node:path';
import { casesOf, LABS } from '../../labs/harness.js';
import { byId, checksOf, CLI, run } from '../docker/drill-helpers.js';
import { ensureImage, IMAGE } from '../grader-image.js';
import { engineHelpers, labSuites } from './engine-labs.js';
import { PrivateRootless } from './private-rootless.js';

/**
 * Labs 1 and 2 on a real rootless Podman (`podman system service` as an unprivileged user, its
 * socket at $XDG_RUNTIME_DIR/podman/podman.sock), the student's commands typed as that user
 * with the docker CLI. Published ports are rootlessport's listeners on the host; the host is
 * host.containers.internal, as on rootful Podman, or the laptop's LAN address (docker0 is not there).
 */
const engine = new PrivateRootless('podman');
beforeAll(async () => {
  await ensureImage();
  await engine.start([IMAGE, 'mysql:5.6', 'mysql:5.7', 'mysql:latest', 'wordpress:6.1-apache', 'wordpress:6.1.1-apache', 'wordpress:latest', 'nginx:1.22']);
}, 600_000);
afterAll(async () => {
  await engine.remove();
});

const forPodman = (script: string) =>
  engine.lanHost(script)
    .replaceAll('--add-host host.docker.internal:host-gateway ', '')
    .replaceAll('host.docker.internal', 'host.containers.internal');

test('lab doctor says the engine is Podman, rootless', async () => {
  const r = await run(engine.exec([process.execPath, CLI, 'doctor', '1', '2', '--lang', 'en']), { DOCKER_HOST: engine.host });
  expect(r.stdout.split('\n').slice(0, 4)).toEqual([
    'Docker',
    `  ✔ Engine ${engine.host}, chosen by the DOCKER_HOST variable`,
    expect.stringMatching(/^ {2}✔ Podman 4\.\d+\.\d+ \(API 1\.\d+\), rootless$/),
    '  ✔ Published ports are dialled at 127.0.0.1',
  ]);
  expect(r.code).toBe(0);
});

test("the grader's image on rootless Podman: on its own network it says ports are out of reach and how to fix it; with --network host it grades", async () => {
  const h = engineHelpers('rootless Podman', engine, { translate: forPodman });
  const [solution] = casesOf(join(LABS, '01-mysql'));
  const inImage = (opts: string[]) =>
    run(engine.asUser(['docker', '-H', engine.host, 'run', '--rm', '-v', `${engine.socket}:/var/run/docker.sock`, ...opts, IMAGE, 'check', '1', '--format', 'json', '--lang', 'en', '--timeout', '30']), { DOCKER_HOST: '' });
  try {
    await h.apply(solution);
    await h.grade('1'); // MySQL is up
    const plain = checksOf(await inImage([]));
    expect(plain.filter((x) => x.status === 'fail')).toEqual([]);
    expect(plain.filter((x) => x.status === 'error').map((x) => x.id).sort()).toEqual(['db-login', 'db-root-login']);
    expect(byId(plain, 'db-login').hint).toContain('--network host');
    h.expectVerdict(solution, await inImage(['--network', 'host']));
  } finally {
    await h.removeAllBut({ containers: new Set(), volumes: new Set() });
  }
});

labSuites('rootless Podman', engine, { translate: forPodman });

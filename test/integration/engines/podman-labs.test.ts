import { CLI, run } from '../docker/drill-helpers.js';
import { labSuites } from './engine-labs.js';
import { PrivatePodman } from './private-podman.js';

/**
 * Labs 1 and 2 on a real rootful Podman (`podman system service`, its Docker-compatible API),
 * driven by the docker CLI as a student with DOCKER_HOST pointing at Podman's socket drives it.
 * Podman 4.3 has no `host-gateway` for --add-host (it writes the word into /etc/hosts) and
 * names the host host.containers.internal in every container instead; its bridge is
 * cni-podman0. A Podman student types exactly that, so the cases are translated so.
 */
const podman = new PrivatePodman();
beforeAll(async () => {
  await podman.start(['mysql:5.6', 'mysql:5.7', 'mysql:latest', 'wordpress:6.1-apache', 'wordpress:6.1.1-apache', 'wordpress:latest']);
}, 600_000);
afterAll(async () => {
  await podman.remove();
});

const forPodman = (script: string) =>
  script
    .replaceAll('--add-host host.docker.internal:host-gateway ', '')
    .replaceAll('host.docker.internal', 'host.containers.internal')
    .replaceAll('docker0', 'cni-podman0');

test('lab doctor tells Podman from Docker, and says it is rootful', async () => {
  const r = await run(podman.exec([process.execPath, CLI, 'doctor', '1', '2', '--lang', 'en', '--docker-host', podman.host]), { DOCKER_HOST: '' });
  expect(r.stdout.split('\n').slice(0, 4)).toEqual([
    'Docker',
    `  ✔ Engine ${podman.host}, chosen by the --docker-host option`,
    expect.stringMatching(/^ {2}✔ Podman 4\.\d+\.\d+ \(API 1\.\d+\), rootful$/),
    '  ✔ Published ports are dialled at 127.0.0.1',
  ]);
  expect(r.code).toBe(0);
});

labSuites('rootful Podman', podman, { translate: forPodman });

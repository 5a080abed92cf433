import { CLI, run } from '../docker/drill-helpers.js';
import { join } from 'node:path';
import { casesOf, LABS } from '../../labs/harness.js';
import { checksOf } from '../docker/drill-helpers.js';
import { engineHelpers, labSuites } from './engine-labs.js';
import { ensureImage, IMAGE } from '../grader-image.js';
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
  await ensureImage();
  await podman.start([IMAGE, 'mysql:5.6', 'mysql:5.7', 'mysql:latest', 'wordpress:6.1-apache', 'wordpress:6.1.1-apache', 'wordpress:latest', 'nginx:1.22']);
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

/**
 * Podman 4.3 with CNI publishes `-p [::]:3306:3306` in IPv4 only nowhere and not on ::1 either:
 * nothing answers, the logins end in error (not graded), and nothing is held against the student.
 */
test("a port published on [::] only (lab 1's ipv6-short-id alternative): nothing fails; the logins end in error", async () => {
  const h = engineHelpers('rootful Podman', podman, { translate: forPodman });
  const c = casesOf(join(LABS, '01-mysql')).find((x) => x.name === 'ipv6-short-id')!;
  try {
    await h.apply(c);
    const checks = checksOf(await h.grade('1'));
    expect(checks.filter((x) => x.status === 'fail')).toEqual([]);
    expect(checks.filter((x) => x.status === 'error').map((x) => x.id).sort()).toEqual(['db-login', 'db-root-login']);
  } finally {
    await h.removeAllBut({ containers: new Set(), volumes: new Set() });
  }
});

test("the grader's image on rootful Podman grades through its network's gateway, as on Docker", async () => {
  const h = engineHelpers('rootful Podman', podman, { translate: forPodman });
  const [solution] = casesOf(join(LABS, '01-mysql'));
  try {
    await h.apply(solution);
    await h.grade('1'); // MySQL is up
    const r = await run(podman.exec(['docker', '-H', podman.host, 'run', '--rm', '-v', `${podman.socket}:/var/run/docker.sock`, IMAGE, 'check', '1', '--format', 'json', '--lang', 'en', '--timeout', '30']), { DOCKER_HOST: '' });
    h.expectVerdict(solution, r);
  } finally {
    await h.removeAllBut({ containers: new Set(), volumes: new Set() });
  }
});

labSuites('rootful Podman', podman, { translate: forPodman, except: ['1/ipv6-short-id'] });

import { join } from 'node:path';
import { casesOf, LABS } from '../../labs/harness.js';
import { byId, checksOf, CLI, run } from '../docker/drill-helpers.js';
import { ensureImage, IMAGE } from '../grader-image.js';
import { engineHelpers, labSuites } from './engine-labs.js';
import { PrivateRootless } from './private-rootless.js';

/**
 * Labs 1 and 2 on a real rootless Docker (`dockerd-rootless.sh`: RootlessKit and slirp4netns,
 * the engine in a user namespace of an unprivileged user), the student's commands typed as that
 * user. Published ports are RootlessKit's listeners on the host; volumes live under the user's
 * home. The verdicts are those the lab folders give on the system engine.
 *
 * One thing a rootless student types differently: `host-gateway` and docker0's address are in
 * RootlessKit's own network namespace, where the published ports are not, so WordPress reaches
 * lab 1's MySQL at the laptop's LAN address instead (here `lanIp`, on the engine's namespace).
 */
const engine = new PrivateRootless('docker');
beforeAll(async () => {
  await ensureImage();
  await engine.start([IMAGE, 'mysql:5.6', 'mysql:5.7', 'mysql:latest', 'wordpress:6.1-apache', 'wordpress:6.1.1-apache', 'wordpress:latest', 'nginx:1.22']);
}, 600_000);
afterAll(async () => {
  await engine.remove();
});

const forRootless = (script: string) => engine.lanHost(script).replaceAll('host.docker.internal:host-gateway', `host.docker.internal:${engine.lanIp}`);

test('lab doctor says the engine is Docker, rootless', async () => {
  const r = await run(engine.exec([process.execPath, CLI, 'doctor', '1', '2', '--lang', 'en']), { DOCKER_HOST: engine.host });
  expect(r.stdout.split('\n').slice(0, 4)).toEqual([
    'Docker',
    `  ✔ Engine ${engine.host}, chosen by the DOCKER_HOST variable`,
    expect.stringMatching(/^ {2}✔ Docker Engine \S+ \(API 1\.\d+\), rootless$/),
    '  ✔ Published ports are dialled at 127.0.0.1',
  ]);
  expect(r.code).toBe(0);
});

test("lab 2's host-gateway on rootless Docker: WordPress really cannot reach MySQL, and the DB host check says why", async () => {
  const h = engineHelpers('rootless Docker', engine);
  const [mysql] = casesOf(join(LABS, '01-mysql'));
  const [wordpress] = casesOf(join(LABS, '02-wordpress'));
  try {
    await h.apply(mysql);
    await h.grade('1');
    await h.apply(wordpress);
    const checks = checksOf(await h.grade('2'));
    expect(checks.filter((x) => x.status === 'fail').map((x) => x.id).sort()).toEqual(['env-db-host', 'site-db-connected']);
    expect(byId(checks, 'env-db-host').hint).toContain("your machine's own IP");
  } finally {
    await h.removeAllBut({ containers: new Set(), volumes: new Set() });
  }
});

test("the grader's image on rootless Docker: its container cannot dial published ports, and says how to fix it; with LAB_GRADER_HOST it grades", async () => {
  const h = engineHelpers('rootless Docker', engine, { translate: forRootless });
  const [solution] = casesOf(join(LABS, '01-mysql'));
  // As the student types it: their own socket mounted where the image looks for it.
  const inImage = (env: string[], args = ['check', '1', '--format', 'json', '--lang', 'en', '--timeout', '30']) =>
    run(engine.asUser(['docker', '-H', engine.host, 'run', '--rm', '-v', `${engine.socket}:/var/run/docker.sock`, ...env, IMAGE, ...args]), { DOCKER_HOST: '' });
  try {
    await h.apply(solution);
    await h.grade('1'); // MySQL is up
    const plain = checksOf(await inImage([]));
    expect(plain.filter((x) => x.status === 'fail')).toEqual([]);
    expect(plain.filter((x) => x.status === 'error').map((x) => x.id).sort()).toEqual(['db-login', 'db-root-login']);
    expect(byId(plain, 'db-login').hint).toContain('LAB_GRADER_HOST');
    const doctor = await inImage([], ['doctor', '1', '--lang', 'en']);
    expect(doctor.stdout).toContain("✘ Published ports cannot be dialled from this container: on a rootless engine they are on the machine's own addresses");
    expect(doctor.code).toBe(2);
    h.expectVerdict(solution, await inImage(['-e', `LAB_GRADER_HOST=${engine.lanIp}`]));
  } finally {
    await h.removeAllBut({ containers: new Set(), volumes: new Set() });
  }
});

labSuites('rootless Docker', engine, { translate: forRootless });

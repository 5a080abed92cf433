import { join } from 'node:path';
import Docker from 'dockerode';
import { casesOf, LABS, runCli } from './harness.js';

/**
 * `lab selftest 5` on the real engine: the command instructors run on their own labs, here on the
 * project's lab 5 (every case, as test/labs/docker-labs.test.ts runs them through the same core;
 * lab 5's containers start in a moment, where lab 1's MySQL takes most of a minute a case).
 * Run it alone on the engine (scripts/test.sh holds /tmp/lab-grader-docker.lock for the docker project).
 */
const docker = new Docker();
const engineState = async () => ({
  containers: (await docker.listContainers({ all: true })).map((c) => `${c.Id} ${c.Names[0]} ${c.State}`).sort(),
  volumes: ((await docker.listVolumes()).Volumes ?? []).map((v) => v.Name).sort(),
  networks: (await docker.listNetworks()).map((n) => n.Id).sort(),
});

test('lab selftest 5: the empty engine scores 0, every case matches its expect.yaml, every check fails somewhere, and the engine is left as it was', async () => {
  const before = await engineState();
  const run = await runCli(['selftest', '5', '--lang', 'en']);
  expect(run.stderr).toBe('');
  const lines = run.stdout.split('\n');
  const cases = casesOf(join(LABS, '05-fedora'));
  const row = (variant: string) => lines.find((l) => new RegExp(`^  \\S+ +${variant.replace(/[()]/g, '\\$&')} `).test(l)) ?? `no row for ${variant}`;
  expect(lines[0]).toBe('Lab 5 (fedora)');
  expect(row('(empty environment)')).toMatch(/^ {2}ok +\(empty environment\) +score 0 +score 0\/\d+$/);
  for (const c of cases) {
    const label = c.kind === 'solution' ? 'solution' : `${c.kind === 'wrong' ? 'wrong' : 'alternatives'}/${c.name}`;
    expect(row(label)).toMatch(/^ {2}ok /);
  }
  expect(row('wrong/no-tag')).toMatch(/fail image-pinned +fail image-pinned$/);
  expect(row('(every check fails somewhere)')).toMatch(/^ {2}ok .*each fails in some wrong variant$/);
  expect(run.stdout).toContain(`${cases.length + 2} of ${cases.length + 2} cases match what they must produce`);
  expect(run.code).toBe(0);
  expect(await engineState()).toEqual(before);
}, 420_000);

import { healthTest, healthy, probeOutput } from '../../src/checks/docker/healthy.js';
import { fakeCtx, inspectOf } from './fake-docker.js';

const run = (health: object | undefined, test: string[] | undefined, required = false) => healthy.run(fakeCtx({
  inspect: async () => inspectOf({ State: health ? { Health: health } : {}, Config: test ? { Healthcheck: { Test: test } } : {} }),
}), { container: 'miclasificador', required });

test('the healthcheck is shown as the Dockerfile wrote it; a probe\'s output as its last lines', () => {
  expect(healthTest(inspectOf({ Config: { Healthcheck: { Test: ['CMD-SHELL', 'curl -f http://localhost:5000/salud || exit 1'] } } }))).toBe('curl -f http://localhost:5000/salud || exit 1');
  expect(healthTest(inspectOf({ Config: { Healthcheck: { Test: ['CMD', 'python', '-c', 'x'] } } }))).toBe('["python","-c","x"]');
  expect(healthTest(inspectOf({ Config: { Healthcheck: { Test: ['NONE'] } } }))).toBeUndefined();
  expect(probeOutput('a\nb\nc\nd\n')).toBe('  | b\n  | c\n  | d');
});

test('healthy passes, starting is "not yet", unhealthy fails with the last probe; none passes unless required', async () => {
  const curl = ['CMD-SHELL', 'curl -f http://localhost:5000/salud || exit 1'];
  expect(await run({ Status: 'healthy', Log: [] }, curl)).toMatchObject({ status: 'pass' });
  expect(await run({ Status: 'starting', Log: [] }, curl)).toMatchObject({ status: 'fail', retry: true, starting: true });
  const sick = await run({ Status: 'unhealthy', FailingStreak: 3, Log: [{ ExitCode: 1, Output: '/bin/sh: 1: curl: not found\n' }] }, curl);
  expect(sick).toMatchObject({ status: 'fail', message: 'miclasificador is unhealthy: its healthcheck failed 3 times in a row.', actual: 'unhealthy (exit 1)' });
  expect(sick.hint).toContain('  | /bin/sh: 1: curl: not found');
  expect(await run(undefined, undefined)).toMatchObject({ status: 'pass', actual: 'no healthcheck' });
  expect(await run(undefined, ['NONE'], true)).toMatchObject({ status: 'fail', message: 'miclasificador has no HEALTHCHECK.' });
});

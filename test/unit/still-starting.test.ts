import { pino } from 'pino';
import { fail, pass, type CheckKind } from '../../src/checks/types.js';
import { translator, type Lang } from '../../src/i18n/index.js';
import { runLab } from '../../src/runner/run-lab.js';
import type { CheckSpec, LabSpec } from '../../src/spec/types.js';

// Toy kinds for the runner's rule "waiting is not failing".
let calls = 0;
const kind = (run: () => ReturnType<CheckKind['run']>): CheckKind => ({ name: 'toy', paramsSchema: {}, run: () => (calls++, run()) });
const kinds = new Map<string, CheckKind>([
  ['starting', kind(async () => fail('Cannot log in as usuario: ECONNREFUSED', { retry: true, starting: true, actual: 'ECONNREFUSED' }))],
  ['starting-then-up', kind(async () => (calls < 3 ? fail('ECONNREFUSED', { retry: true, starting: true }) : pass('up')))],
  ['starting-then-denied', kind(async () => (calls < 3 ? fail('ECONNREFUSED', { retry: true, starting: true }) : fail('ER_ACCESS_DENIED_ERROR')))],
  ['denied', kind(async () => fail('ER_ACCESS_DENIED_ERROR'))],
  ['settling', kind(async () => fail('2 of 3 nodes', { retry: true }))],
  ['starting-then-hangs', kind(async () => (calls < 2 ? fail('ECONNREFUSED', { retry: true, starting: true }) : new Promise(() => undefined)))],
]);
const check = (id: string, k: string): CheckSpec => ({ id, kind: k, title: { es: id, en: id }, points: 1, params: {}, dependsOn: [], hint: { es: 'pista del lab', en: 'the lab\'s hint' } });
const lab = (checks: CheckSpec[]): LabSpec => ({ id: '9', slug: 'toy', title: { es: 'Juguete', en: 'Toy' }, target: 'docker', checks, dir: '.' });
const run = (k: string, extra: { lang?: Lang; snapshot?: boolean; timeoutSeconds?: number } = {}) =>
  runLab(lab([check('c', k)]), {
    lang: extra.lang ?? 'en', t: translator(extra.lang ?? 'en'), log: pino({ level: 'silent' }), timeoutSeconds: extra.timeoutSeconds ?? 0.3, deep: false,
    retryIntervalSeconds: 0.05, docker: async () => ({}) as never, kube: async () => ({}) as never, kinds, snapshot: extra.snapshot,
  });

beforeEach(() => { calls = 0; });

test('still starting when time is up: not graded (error), with the last answer and what to do, never fail', async () => {
  const r = await run('starting');
  expect(calls).toBeGreaterThan(1);
  expect(r.checks[0]).toMatchObject({
    status: 'error',
    message: 'Not graded: still starting within the 0.3 s of --timeout; try again in a moment. The last answer was: Cannot log in as usuario: ECONNREFUSED',
    actual: 'ECONNREFUSED',
    hint: expect.stringContaining('has not finished starting'),
  });
  // The lab's own hint is about fixing a mistake; there is none to fix yet.
  expect(r.checks[0].hint).not.toContain("the lab's hint");
  expect(r).toMatchObject({ status: 'error', score: 0, maxScore: 0, ungradedPoints: 1, incomplete: true });
  const es = await run('starting', { lang: 'es' });
  expect(es.checks[0].message).toMatch(/^Sin calificar: sigue arrancando dentro de los 0\.3 s de --timeout; vuelve a intentarlo en un momento\./);
});

test('a server that comes up in time is graded on its answer', async () => {
  expect((await run('starting-then-up')).checks[0].status).toBe('pass');
  calls = 0;
  const denied = await run('starting-then-denied');
  expect(denied.checks[0]).toMatchObject({ status: 'fail', message: 'ER_ACCESS_DENIED_ERROR', hint: "the lab's hint" });
});

test('a real answer such as a wrong password fails at once, without waiting', async () => {
  const r = await run('denied', { timeoutSeconds: 5 });
  expect(r.checks[0]).toMatchObject({ status: 'fail', message: 'ER_ACCESS_DENIED_ERROR' });
  expect(calls).toBe(1);
});

test('a plain retry (settling, not starting) keeps its last answer as before', async () => {
  expect((await run('settling')).checks[0]).toMatchObject({ status: 'fail', message: '2 of 3 nodes' });
});

test('starting, then no answer at all before the deadline: still not graded as starting', async () => {
  const r = await run('starting-then-hangs');
  expect(r.checks[0]).toMatchObject({ status: 'error', message: expect.stringMatching(/^Not graded: still starting within the 0\.3 s of --timeout/) });
});

test('a snapshot does not wait, and a server starting in it is not graded either', async () => {
  const r = await run('starting', { snapshot: true, timeoutSeconds: 5 });
  expect(calls).toBe(1);
  expect(r.checks[0].status).toBe('error');
});

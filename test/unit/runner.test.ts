import { pino } from 'pino';
import { error, fail, pass, type CheckKind } from '../../src/checks/types.js';
import { translator } from '../../src/i18n/index.js';
import { runLab } from '../../src/runner/run-lab.js';
import type { CheckSpec, LabSpec } from '../../src/spec/types.js';

// Toy kinds: this tests the runner's own logic (order, dependsOn, retries, timeouts, --deep), not a target.
let calls: Record<string, number> = {};
const kind = (name: string, run: CheckKind['run'], extra: Partial<CheckKind> = {}): CheckKind => ({
  name, paramsSchema: {}, run: async (ctx, p) => { calls[name] = (calls[name] ?? 0) + 1; return run(ctx, p); }, ...extra,
});
const kinds = new Map<string, CheckKind>([
  ['ok', kind('ok', async () => pass('fine'))],
  ['bad', kind('bad', async () => fail('wrong', { hint: 'from the kind' }))],
  ['slow-then-ok', kind('slow-then-ok', async () => ((calls['slow-then-ok'] ?? 0) < 3 ? fail('not yet', { retry: true }) : pass('up')))],
  ['never-ready', kind('never-ready', async () => fail('still starting', { retry: true }))],
  ['hangs', kind('hangs', () => new Promise(() => undefined))],
  ['stops-answering', kind('stops-answering', async () => (calls['stops-answering'] === 1 ? fail('not yet', { retry: true, actual: 'Pending' }) : new Promise(() => undefined)))],
  ['throws', kind('throws', async () => { throw new Error('kaboom'); })],
  ['deep', kind('deep', async () => pass('changed things'), { deep: true })],
  ['errs', kind('errs', async () => error('cannot ask'))],
  ['silent', kind('silent', async () => fail('nothing answered', { hint: 'look at the logs', ownHintOnly: true }))],
]);

const check = (id: string, k: string, extra: Partial<CheckSpec> = {}): CheckSpec => ({
  id, kind: k, title: { es: id, en: id }, points: 1, params: {}, dependsOn: [], ...extra,
});
const lab = (checks: CheckSpec[]): LabSpec => ({ id: '9', slug: 'toy', title: { es: 'Juguete', en: 'Toy' }, target: 'docker', checks, dir: '.' });
const run = (checks: CheckSpec[], extra = {}) =>
  runLab(lab(checks), {
    lang: 'en', t: translator('en'), log: pino({ level: 'silent' }), timeoutSeconds: 1, deep: false, retryIntervalSeconds: 0.05,
    docker: async () => ({}) as never, kube: async () => ({}) as never, kinds, ...extra,
  });

beforeEach(() => { calls = {}; });

test('results keep spec order; a failed dependency skips, not fails, what depends on it', async () => {
  const r = await run([
    check('a', 'bad', { hint: { es: 'pista', en: 'from the spec' } }),
    check('b', 'ok', { dependsOn: ['a'] }),
    check('c', 'ok'),
  ]);
  expect(r.checks.map((c) => [c.id, c.status])).toEqual([['a', 'fail'], ['b', 'skip'], ['c', 'pass']]);
  expect(r.checks[0].hint).toBe('from the spec\nfrom the kind');
  expect(r.checks[1]).toMatchObject({ skipReason: 'blocked', message: expect.stringContaining('a must pass first') });
  expect(calls.ok).toBe(1);
  expect(r).toMatchObject({ status: 'fail', score: 1, maxScore: 3, ungradedPoints: 0, incomplete: false });
});

test('a check whose target is still starting is asked again until it answers', async () => {
  const r = await run([check('s', 'slow-then-ok')]);
  expect(r.checks[0].status).toBe('pass');
  expect(calls['slow-then-ok']).toBe(3);
});

test('after the timeout the last real answer is kept', async () => {
  const r = await run([check('n', 'never-ready')], { timeoutSeconds: 0.3 });
  expect(r.checks[0]).toMatchObject({ status: 'fail', message: 'still starting' });
  expect(calls['never-ready']).toBeGreaterThan(1);
});

test('a check that never answers times out as an error', async () => {
  const r = await run([check('h', 'hangs')], { timeoutSeconds: 0.2 });
  expect(r.checks[0]).toMatchObject({ status: 'error', message: expect.stringContaining('0.2 s') });
  expect(r.status).toBe('error');
});

test('a target that stops answering between retries is an error that still shows the last answer', async () => {
  const r = await run([check('s', 'stops-answering')], { timeoutSeconds: 0.3 });
  expect(r.checks[0]).toMatchObject({ status: 'error', message: 'No answer within 0.3 s (--timeout). The last answer was: not yet', actual: 'Pending' });
  expect(calls['stops-answering']).toBe(2);
});

test('a check that throws is an error of that check, not of the run', async () => {
  const r = await run([check('t', 'throws'), check('o', 'ok')]);
  expect(r.checks.map((c) => c.status)).toEqual(['error', 'pass']);
  expect(r.checks[0].message).toContain('kaboom');
});

test('state-changing checks run only with --deep and do not count without it', async () => {
  const without = await run([check('o', 'ok'), check('d', 'deep', { points: 2 })]);
  expect(without).toMatchObject({ status: 'pass', score: 1, maxScore: 1 });
  expect(without.checks[1]).toMatchObject({ status: 'skip', message: expect.stringContaining('--deep') });
  expect(calls.deep).toBeUndefined();
  const withDeep = await run([check('o', 'ok'), check('d', 'deep', { points: 2 })], { deep: true });
  expect(withDeep).toMatchObject({ status: 'pass', score: 3, maxScore: 3 });
});

test('a --deep check starts only once every check that does not wait on one is over, one at a time; what waits on it runs after it', async () => {
  const log: string[] = [];
  const timed = (name: string, ms: number, deep = false) => kind(name, async (ctx) => {
    log.push(`start ${ctx.log.bindings().check}`);
    await new Promise((r) => setTimeout(r, ms));
    log.push(`end ${ctx.log.bindings().check}`);
    return pass('done');
  }, { deep });
  const own = new Map(kinds).set('read', timed('read', 60)).set('change', timed('change', 20, true));
  const r = await run([
    check('d1', 'change'), check('d2', 'change'), check('r1', 'read'),
    check('after', 'read', { dependsOn: ['d1'] }),
  ], { deep: true, kinds: own });
  expect(r.status).toBe('pass');
  expect(log.slice(0, 2)).toEqual(['start r1', 'end r1']);
  const deepOnly = log.filter((l) => / d\d$/.test(l));
  expect(deepOnly).toEqual(['start d1', 'end d1', 'start d2', 'end d2']);
  expect(log.indexOf('start after')).toBeGreaterThan(log.indexOf('end d1'));
});

test('the target is reached before any check runs', async () => {
  const refused = run([check('o', 'ok')], { docker: async () => { throw new Error('engine down'); } });
  await expect(refused).rejects.toThrow('engine down');
  expect(calls.ok).toBeUndefined();
});

test('what the grader could not ask is left out of the score, and so is what waits on it', async () => {
  const r = await run([
    check('e', 'errs', { points: 2 }),
    check('w', 'ok', { dependsOn: ['e'], points: 3 }),
    check('o', 'ok'),
    check('b', 'bad'),
    check('x', 'ok', { dependsOn: ['b'], points: 4 }),
  ]);
  expect(r.checks.map((c) => [c.id, c.status, c.skipReason])).toEqual([
    ['e', 'error', undefined], ['w', 'skip', 'incomplete'], ['o', 'pass', undefined], ['b', 'fail', undefined], ['x', 'skip', 'blocked'],
  ]);
  expect(r.checks[1].message).toContain('could not be checked');
  // Passed 1 of the graded 1 + 1 + 4; the 2 + 3 points that could not be asked count neither way.
  expect(r).toMatchObject({ status: 'fail', score: 1, maxScore: 6, ungradedPoints: 5, incomplete: true });
});

test('a lab with nothing wrong but something ungraded is an error, not a pass', async () => {
  const r = await run([check('o', 'ok'), check('e', 'errs')]);
  expect(r).toMatchObject({ status: 'error', score: 1, maxScore: 1, ungradedPoints: 1, incomplete: true });
});

test("a failure whose own hint is the only one that applies (the server never answered) leaves the lab's hint out", async () => {
  const r = await run([
    check('a', 'silent', { hint: { es: 'pista', en: 'delete the data directory' } }),
    check('b', 'bad', { hint: { es: 'pista', en: 'from the spec' } }),
  ]);
  expect(r.checks.map((c) => [c.status, c.hint])).toEqual([['fail', 'look at the logs'], ['fail', 'from the spec\nfrom the kind']]);
});

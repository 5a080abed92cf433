import { pino } from 'pino';
import { translator } from '../../src/i18n/index.js';
import { Regrader, type Regraded } from '../../src/live/regrader.js';
import type { CheckKind } from '../../src/checks/types.js';
import type { LabSpec } from '../../src/spec/types.js';
import type { DockerTarget } from '../../src/targets/docker.js';

/** Check kinds that read containers from a stand-in engine and count their runs: which checks a change re-asks. */
const runs = new Map<string, number>();
const running = new Set<string>(['x']);
let readyAfter = 0;
const kinds = new Map<string, CheckKind>([
  ['fake.running', {
    name: 'fake.running',
    paramsSchema: {},
    async run(ctx, p: { container: string; id: string }) {
      runs.set(p.id, (runs.get(p.id) ?? 0) + 1);
      await (await ctx.docker()).inspect(p.container);
      return running.has(p.container) ? { status: 'pass' } : { status: 'fail', message: `${p.container} stopped` };
    },
  }],
  ['fake.rollout', {
    name: 'fake.rollout',
    paramsSchema: {},
    async run(ctx, p: { container: string; id: string }) {
      runs.set(p.id, (runs.get(p.id) ?? 0) + 1);
      await (await ctx.docker()).inspect(p.container);
      return runs.get(p.id)! > readyAfter ? { status: 'pass' } : { status: 'fail', message: 'rolling out', retry: true };
    },
  }],
]);
const engine = { inspect: async (name: string) => ({ Id: `${name}-id` }) } as unknown as DockerTarget;
const check = (id: string, kind: string, container: string, dependsOn: string[] = []) => ({ id, kind, title: { es: id, en: id }, points: 1, params: { container, id }, dependsOn });
const lab: LabSpec = {
  id: 't', slug: 't', title: { es: 't', en: 't' }, target: 'docker', dir: '.',
  checks: [check('a', 'fake.running', 'x'), check('b', 'fake.running', 'y'), check('c', 'fake.running', 'z', ['a']), check('d', 'fake.rollout', 'w')],
};

function regrader(results: Regraded[], settleEveryMs = 10) {
  const t = translator('en');
  return new Regrader(lab, {
    runner: { lang: 'en', t, log: pino({ level: 'silent' }), timeoutSeconds: 5, deep: false, kinds, docker: async () => engine, kube: () => Promise.reject(new Error('no cluster')) },
    debounceMs: 1,
    settleEveryMs,
    onResult: (r) => { if (r.asked.size && r.result.checks.length === 4) results.push(r); },
  });
}
const settle = (ms = 80) => new Promise((r) => setTimeout(r, ms));
const statusOf = (r: Regraded, id: string) => r.result.checks.find((c) => c.id === id)!.status;

beforeEach(() => {
  runs.clear();
  readyAfter = 0;
});

test('a change re-asks the checks that read it and those depending on them, nothing else', async () => {
  const results: Regraded[] = [];
  const r = regrader(results);
  await r.start();
  expect(Object.fromEntries(runs)).toEqual({ a: 1, b: 1, c: 1, d: 1 });
  running.add('y');
  r.changed(['container:y']);
  await settle();
  expect(Object.fromEntries(runs)).toEqual({ a: 1, b: 2, c: 1, d: 1 });
  expect(statusOf(results.at(-1)!, 'b')).toBe('pass');
  running.delete('x');
  r.changed(['container-id:x-id']);
  await settle();
  // c depends on a: re-asked too, and now blocked by a's failure (so not run).
  expect(Object.fromEntries(runs)).toEqual({ a: 2, b: 2, c: 1, d: 1 });
  expect(statusOf(results.at(-1)!, 'a')).toBe('fail');
  expect(results.at(-1)!.result.checks.find((c) => c.id === 'c')!.skipReason).toBe('blocked');
  running.add('x');
  r.changed(['container:x']);
  await settle();
  expect(Object.fromEntries(runs)).toEqual({ a: 3, b: 2, c: 2, d: 1 });
  // Nothing else happens while nothing changes.
  await settle(100);
  expect(Object.fromEntries(runs)).toEqual({ a: 3, b: 2, c: 2, d: 1 });
  r.stop();
  running.delete('y');
});

test('a check waiting for a rollout is settling, asked again alone until it passes, then left alone', async () => {
  readyAfter = 3;
  const results: Regraded[] = [];
  const r = regrader(results);
  await r.start();
  expect([...results[0].settling]).toEqual(['d']);
  expect(results[0].result.checks.find((c) => c.id === 'd')!.message).toBe('rolling out');
  await settle(200);
  expect(runs.get('d')).toBe(4);
  expect(runs.get('a')).toBe(1);
  const last = results.at(-1)!;
  expect(statusOf(last, 'd')).toBe('pass');
  expect(last.settling.size).toBe(0);
  await settle(100);
  expect(runs.get('d')).toBe(4);
  r.stop();
});

import { k8sAttempt } from '../fuzz/k8s-attempts.js';
import { forLab, runK8sAttempt } from '../fuzz/k8s-run.js';

/**
 * A seeded handful of generated attempts at labs 3 and 4 (test/fuzz, `npm run fuzz` for many):
 * manifests written another way, half with one known mistake, applied with kubectl to the
 * test cluster (with its real node) and graded with --manifest. Namespaces are deleted after each.
 */
const SEED = 'npm-test';
const COUNT = 5;

describe.each(['3', '4'])('lab %s: generated attempts, seed npm-test', (lab) => {
  let teardown: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    teardown = await forLab(lab);
  });
  afterAll(async () => {
    await teardown?.();
  });

  const attempts = Array.from({ length: COUNT }, (_, i) => k8sAttempt(lab, SEED, i + 1));
  test.each(attempts.map((a) => [`${a.id} ${a.mistake ?? 'equivalent'}: ${a.rewrites.join('; ')}`, a] as const))('%s', async (_, a) => {
    const graded = await runK8sAttempt(a);
    expect({ manifest: a.text, kubectl: a.applyArgs, wrong: graded.wrong }).toEqual({ manifest: a.text, kubectl: a.applyArgs, wrong: [] });
  });
});

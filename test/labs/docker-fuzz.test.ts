import { dockerAttempt } from '../fuzz/docker-attempts.js';
import { lab1ReferenceUp, runDockerAttempt } from '../fuzz/docker-run.js';

/**
 * A seeded handful of generated attempts at labs 1 and 2 (test/fuzz, `npm run fuzz` for many):
 * each spelled differently from the reference, half with one known mistake, applied to the
 * real engine and graded by the built CLI. Each removes what it created.
 */
const SEED = 'npm-test';
const COUNT = 5;

describe.each(['1', '2'])('lab %s: generated attempts, seed npm-test', (lab) => {
  let teardown: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (lab === '2') teardown = await lab1ReferenceUp();
  });
  afterAll(async () => {
    await teardown?.();
  });

  const attempts = Array.from({ length: COUNT }, (_, i) => dockerAttempt(lab, SEED, i + 1));
  test.each(attempts.map((a) => [`${a.id} ${a.mistake ?? 'equivalent'}: ${a.rewrites.join('; ')}`, a] as const))('%s', async (_, a) => {
    const graded = await runDockerAttempt(a);
    expect({ script: a.text, wrong: graded.wrong }).toEqual({ script: a.text, wrong: [] });
  });
});

// npm run fuzz -- --count N --seed S [--labs 1,2,3,4] [--attempt 3#7] [--out results.json]
// Many generated attempts at labs 1–4 against the real engine and cluster (README: "npm run fuzz").
import { writeFileSync } from 'node:fs';
import { lock } from '../../src/bench/lock.js';
import type { Attempt, Graded } from './attempt.js';
import { dockerAttempt } from './docker-attempts.js';
import { lab1ReferenceUp, parkNames, runDockerAttempt } from './docker-run.js';
import { k8sAttempt } from './k8s-attempts.js';
import { forLab, runK8sAttempt } from './k8s-run.js';

const arg = (name: string) => process.argv.find((_, i) => process.argv[i - 1] === name);
const COUNT = Number(arg('--count') ?? 10);
const SEED = arg('--seed') ?? String(Date.now() % 100000);
const ONLY = arg('--attempt');
const LABS = ONLY ? [ONLY.split('#')[0]] : (arg('--labs') ?? '1,2,3,4').split(',');
/** Attempts per hold of the shared engine's or cluster's lock, so that colleagues get a turn. */
const HOLD = Number(arg('--hold') ?? 8);
const OUT = arg('--out');

const DOCKER_LOCK = '/tmp/lab-grader-docker.lock';
const K8S_LOCK = '/tmp/lab-grader-k8s-tests.lock';
const say = (line: string) => process.stderr.write(`fuzz: ${line}\n`);

interface Result { attempt: Attempt; graded: Graded; seconds: number }
const results: Result[] = [];

const indexes = () => (ONLY ? [Number(ONLY.split('#')[1])] : Array.from({ length: COUNT }, (_, i) => i + 1));

async function runLab(lab: string) {
  const docker = lab === '1' || lab === '2';
  const make = docker ? dockerAttempt : k8sAttempt;
  const all = indexes();
  for (let start = 0; start < all.length; start += HOLD) {
    say(`lab ${lab}: waiting for ${docker ? DOCKER_LOCK : K8S_LOCK}`);
    const release = await lock(docker ? DOCKER_LOCK : K8S_LOCK);
    const undo: (() => Promise<void>)[] = [];
    try {
      if (docker) undo.unshift(await parkNames());
      if (lab === '2') undo.unshift(await lab1ReferenceUp());
      if (!docker) undo.unshift(await forLab(lab));
      for (const index of all.slice(start, start + HOLD)) {
        const attempt = make(lab, SEED, index);
        const t0 = Date.now();
        let graded: Graded;
        try {
          graded = await (docker ? runDockerAttempt : runK8sAttempt)(attempt);
        } catch (err) {
          graded = { ok: false, wrong: [`harness: ${(err as Error).message}`], got: { fail: [], skip: [], error: [] } };
        }
        const seconds = (Date.now() - t0) / 1000;
        results.push({ attempt, graded, seconds });
        say(`${attempt.id} ${attempt.mistake ?? 'equivalent'} [${attempt.rewrites.join('; ')}] ${graded.ok ? 'ok' : 'WRONG'} ${seconds.toFixed(1)} s`);
        if (!graded.ok) for (const w of graded.wrong) say(`  ${w}`);
      }
    } finally {
      for (const u of undo) await u();
      release();
    }
  }
}

const t0 = Date.now();
try {
  for (const lab of LABS) await runLab(lab);
} catch (err) {
  say(`stopped: ${(err as Error).message}`);
  process.exitCode = 2;
}

for (const lab of LABS) {
  const mine = results.filter((r) => r.attempt.lab === lab);
  if (!mine.length) continue;
  const secs = mine.map((r) => r.seconds);
  const failed = mine.filter((r) => !r.graded.ok).length;
  console.log(`lab ${lab}: ${mine.length - failed} passed, ${failed} failed, ${(secs.reduce((a, b) => a + b, 0) / secs.length).toFixed(1)} s per attempt (max ${Math.max(...secs).toFixed(1)} s)`);
}
const firstWrong = results.find((r) => !r.graded.ok);
if (firstWrong) {
  const a = firstWrong.attempt;
  console.log(`\nfirst wrong verdict: attempt ${a.id} (${a.mistake ?? 'equivalent'}; replay: npm run fuzz -- --seed ${SEED} --attempt '${a.id}')`);
  console.log(`rewrites: ${a.rewrites.join('; ')}`);
  if (a.applyArgs) console.log(`kubectl ${a.applyArgs.join(' ')} -f manifest.yaml`);
  console.log(a.text.trimEnd());
  console.log(`expected: fail [${a.expect.fail.join(', ')}]${a.expect.skip?.length ? `, skip [${a.expect.skip.join(', ')}]` : ''}`);
  console.log(`got:      fail [${firstWrong.graded.got.fail.join(', ')}], skip [${firstWrong.graded.got.skip.join(', ')}]${firstWrong.graded.got.error.length ? `, error [${firstWrong.graded.got.error.join('; ')}]` : ''}`);
  for (const w of firstWrong.graded.wrong) console.log(`  ${w}`);
}
if (OUT) writeFileSync(OUT, JSON.stringify({ seed: SEED, count: COUNT, labs: LABS, seconds: (Date.now() - t0) / 1000, results }, null, 2));
const failed = results.filter((r) => !r.graded.ok).length;
console.log(`\nseed ${SEED}, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log(`fuzz: ${results.length - failed} passed, ${failed} failed`);
process.exitCode ||= failed ? 1 : 0;

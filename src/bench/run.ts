// npm run bench: how long `lab` takes, as ratios against baselines measured in the same run
// (these machines are noisy, so absolute times mean little). Needs lab 1's solution running
// (bash scripts/demo.sh leaves it so).
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function median(cmd: string, args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    times.push(performance.now() - t0);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

const node = median(process.execPath, ['-e', '0']);
const inspect = median('docker', ['inspect', 'mimysql']);
const help = median(process.execPath, [CLI, '--help']);
const check = median(process.execPath, [CLI, 'check', '1', '--format', 'json']);
const report = JSON.parse(execFileSync(process.execPath, [CLI, 'check', '1', '--format', 'json'], { encoding: 'utf8' }));
const lab = report.labs[0];
const serial = lab.checks.reduce((sum: number, c: { durationMs: number }) => sum + c.durationMs, 0);

const row = (name: string, ms: number, base: number, baseName: string) =>
  `${name.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / base).toFixed(2).padStart(6)} × ${baseName}`;
console.log(`median of ${RUNS} runs; lab 1 ${lab.status} (${lab.score}/${lab.maxScore})`);
console.log(row('node -e 0', node, node, 'node -e 0'));
console.log(row('docker inspect mimysql', inspect, node, 'node -e 0'));
console.log(row('lab --help', help, node, 'node -e 0'));
console.log(row('lab check 1', check, inspect, 'docker inspect'));
console.log(`sum of check times ${serial} ms, lab wall time ${lab.durationMs} ms (includes reaching the engine): ratio ${(serial / Math.max(lab.durationMs, 1)).toFixed(2)}`);

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Cmd {
  name: string;
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Exit codes that mean the command did what was measured (a check that passes: 0). */
  expect?: number[];
}

export interface Sample {
  name: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
  /** Exit codes seen that were not expected; empty when every run did what was measured. */
  unexpected: string[];
}

export interface Run {
  ms: number;
  code: number;
  stdout: string;
  stderr: string;
}

export function runOnce(c: Cmd, wrap: string[] = []): Run {
  const [cmd, args] = wrap.length ? [wrap[0], [...wrap.slice(1), c.cmd, ...c.args]] : [c.cmd, c.args];
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1', ...c.env } });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  return { ms, code: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Every command once per round, in turn, for `runs` rounds after one untimed warm-up round:
 * side by side, so that whatever else the machine is doing weighs on all of them alike.
 */
export function interleave(cmds: Cmd[], runs: number): Sample[] {
  for (const c of cmds) runOnce(c);
  const times = cmds.map(() => [] as number[]);
  const unexpected = cmds.map(() => new Set<string>());
  for (let i = 0; i < runs; i++) {
    cmds.forEach((c, j) => {
      const r = runOnce(c);
      times[j].push(r.ms);
      if (!(c.expect ?? [0]).includes(r.code)) unexpected[j].add(`exit ${r.code}: ${(r.stdout + r.stderr).trim().split('\n').pop()}`);
    });
  }
  return cmds.map((c, j) => ({
    name: c.name,
    medianMs: median(times[j]),
    minMs: Math.min(...times[j]),
    maxMs: Math.max(...times[j]),
    runs,
    unexpected: [...unexpected[j]],
  }));
}

/** One run under /usr/bin/time: its peak resident memory in KiB. */
export function peakMemory(c: Cmd): { run: Run; peakKiB: number } {
  const dir = mkdtempSync(join(tmpdir(), 'lab-bench-time-'));
  try {
    const out = join(dir, 'time');
    const run = runOnce(c, ['/usr/bin/time', '-f', '%M', '-o', out]);
    return { run, peakKiB: Number(readFileSync(out, 'utf8').trim().split('\n').pop()) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The bench's `watch` suite: how long `lab watch` takes from the engine's event to the changed
// verdict on its output, beside a fresh `lab check` in the same run, and what it asks while idle.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, say } from './env.js';
import { auditMark, requestsSince, type Kube } from './kube.js';
import { interleave, median } from './measure.js';
import type { Row } from './table.js';

const IDLE_SECONDS = 20;
const docker = (...args: string[]) => spawnSync('docker', args, { encoding: 'utf8' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `lab watch` as a child, its lines with the wall-clock time each arrived. */
function watcher(args: string[], env: NodeJS.ProcessEnv) {
  const lines: { text: string; at: number }[] = [];
  const child = spawn(process.execPath, [CLI, 'watch', ...args, '--lang', 'en'], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
  let rest = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const at = Date.now();
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop()!;
    for (const text of parts) lines.push({ text, at });
  });
  const waitFor = async (pattern: RegExp, from: number, seconds = 60) => {
    for (const end = Date.now() + seconds * 1000; ; await sleep(5)) {
      const hit = lines.slice(from).find((l) => pattern.test(l.text));
      if (hit) return hit;
      if (Date.now() > end || child.exitCode !== null) throw new Error(`lab watch never printed ${pattern}: ${lines.map((l) => l.text).join(' | ')}`);
    }
  };
  return { lines, child, waitFor };
}

/**
 * Lab 5 on the machine's engine (call it holding the Docker lock), through a counting proxy:
 * kill and start mifedora `runs` times, each time from the engine's own event time (its
 * `timeNano`, same clock) to the changed line; then idle requests.
 */
export async function watchDockerBench(runs: number): Promise<{ rows: Row[]; skipped?: string }> {
  if (docker('container', 'inspect', 'mifedora').status === 0) return { rows: [], skipped: 'watch (docker): a container of yours is named mifedora' };
  if (docker('image', 'inspect', 'fedora:40').status !== 0) return { rows: [], skipped: 'watch (docker): no fedora:40 image' };
  const work = mkdtempSync(join(tmpdir(), 'lab-bench-watch-'));
  let requests = 0;
  const sock = join(work, 'docker.sock');
  const proxy = createServer((client) => {
    const engine = connect('/var/run/docker.sock');
    client.on('data', (chunk) => (requests += chunk.toString('latin1').match(/^(GET|POST|DELETE|HEAD|PUT) \S+ HTTP/gm)?.length ?? 0));
    client.pipe(engine).pipe(client);
    client.on('error', () => engine.destroy());
    engine.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => proxy.listen(sock, r));
  // The engine's own time of each event (ms), read from `docker events` beside the watcher.
  const events = spawn('docker', ['events', '--filter', 'container=mifedora', '--format', '{{.Action}} {{.TimeNano}}'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const times: Record<string, number[]> = {};
  events.stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().trim().split('\n')) {
      const m = /^(\S+).* (\d+)$/.exec(line);
      if (m) (times[m[1]] ??= []).push(Number(BigInt(m[2]) / 1_000_000n));
    }
  });
  const w = watcher(['5'], { DOCKER_HOST: `unix://${sock}` });
  try {
    docker('run', '-d', '--init', '--name', 'mifedora', 'fedora:40', 'bash', '-c', 'echo "Hola desde Fedora"; sleep infinity');
    await w.waitFor(/Lab 5: Score 7\/7/, 0);
    const latencies: number[] = [];
    for (let i = 0; i < runs; i++) {
      for (const [action, verb, to] of [['die', 'kill', 'fail'], ['start', 'start', 'pass']] as const) {
        const from = w.lines.length;
        const seen = times[action]?.length ?? 0;
        docker(verb, 'mifedora');
        const line = await w.waitFor(new RegExp(`container-running: \\w+ → ${to}`), from);
        for (const end = Date.now() + 5000; (times[action]?.length ?? 0) <= seen && Date.now() < end; ) await sleep(5);
        const at = times[action]?.[seen];
        if (at !== undefined) latencies.push(line.at - at);
      }
      await w.waitFor(/Lab 5: Score 7\/7/, w.lines.length - 1);
    }
    await sleep(1000);
    const before = requests;
    say(`lab watch 5 idle for ${IDLE_SECONDS} s`);
    await sleep(IDLE_SECONDS * 1000);
    const idlePerMinute = ((requests - before) * 60) / IDLE_SECONDS;
    const [check] = interleave([{ name: 'lab check 5', cmd: process.execPath, args: [CLI, 'check', '5'] }], runs);
    const latency = median(latencies);
    return {
      rows: [
        { suite: 'watch', what: 'lab watch 5: engine event → changed verdict', medianMs: latency, baseline: check.name, baselineMs: check.medianMs, ratio: latency / check.medianMs, target: { kind: 'ms', value: 300, text: '< 300 ms' }, met: latency < 300 && latencies.length === 2 * runs, unexpected: check.unexpected },
        { suite: 'watch', what: `lab watch 5: idle ${IDLE_SECONDS} s, requests per minute`, medianMs: IDLE_SECONDS * 1000, requests: idlePerMinute, target: { kind: 'ms', value: 0, text: 'no polling' }, met: idlePerMinute === 0 },
      ],
    };
  } finally {
    w.child.kill('SIGINT');
    events.kill();
    proxy.close();
    docker('rm', '-f', 'mifedora');
    rmSync(work, { recursive: true, force: true });
  }
}

/** `lab watch 3` on an empty namespace of the bench's own, idle: requests per minute in the audit log. */
export async function watchKubeBench(k: Kube): Promise<Row[]> {
  // Its own name each run: one left terminating by a run before would keep checks settling.
  const ns = `lab-bench-watch-${process.pid}`;
  spawnSync('kubectl', ['create', 'namespace', ns], { env: { ...process.env, ...k.admin } });
  const w = watcher(['3', '-n', ns], k.bench);
  try {
    await w.waitFor(/Lab 3: Score 0\/8 · graded/, 0);
    await sleep(1500);
    const mark = auditMark(k);
    say(`lab watch 3 idle for ${IDLE_SECONDS} s`);
    await sleep(IDLE_SECONDS * 1000);
    const byKind = requestsSince(k, mark);
    const perMinute = (Object.values(byKind).reduce((a, b) => a + b, 0) * 60) / IDLE_SECONDS;
    return [{ suite: 'watch', what: `lab watch 3: idle ${IDLE_SECONDS} s, requests per minute`, medianMs: IDLE_SECONDS * 1000, requests: perMinute, requestKinds: Object.keys(byKind).length ? byKind : undefined, target: { kind: 'ms', value: 0, text: 'no polling' }, met: perMinute === 0 }];
  } finally {
    w.child.kill('SIGINT');
    spawnSync('kubectl', ['delete', 'namespace', ns, '--wait=false'], { env: { ...process.env, ...k.admin } });
  }
}

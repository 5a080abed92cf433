import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LABS } from '../../labs/harness.js';
import { executable, runExecutable } from '../../e2e/executable.js';
import { kubectl } from './kube.js';

/**
 * The single executable (npm run package), with no Node on PATH, grades lab 4 on the test
 * cluster: its reference solution in a namespace of its own (speed-lab4), its Pods kept on kwok
 * nodes (the checks only ask the API server), so pods-on-every-node fails for the real node alone.
 */
const NS = 'speed-lab4';
const work = mkdtempSync(join(tmpdir(), 'lab-exe-k8s-'));
afterAll(async () => {
  await kubectl('delete', 'namespace', NS, '--ignore-not-found', '--wait=false');
  rmSync(work, { recursive: true, force: true });
});

test('grades lab 4 on the real API server', async () => {
  const exe = executable();
  const manifest = readFileSync(join(LABS, '04-daemonset', 'solution', 'daemonset.yaml'), 'utf8')
    .replace(/name: lab4$/m, `name: ${NS}`)
    .replace(/namespace: lab4$/m, `namespace: ${NS}`)
    .replace(/^(\s+)containers:/m, '$1affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [ { matchExpressions: [ { key: lab-grader/real-node, operator: NotIn, values: ["true"] } ] } ] } } }\n$1containers:');
  const file = join(work, 'daemonset.yaml');
  writeFileSync(file, manifest);
  const applied = await kubectl('apply', '-f', file);
  expect(applied.stderr).toBe('');
  await kubectl('rollout', 'status', '-n', NS, 'daemonset/nginx-ds', '--timeout=120s');

  const run = await runExecutable(exe, ['check', '4', '--namespace', NS, '--format', 'json', '--lang', 'en', '--timeout', '60'], { KUBECONFIG: process.env.KUBECONFIG });
  expect(run.stderr).toBe('');
  const checks = Object.fromEntries((JSON.parse(run.stdout).labs[0].checks as { id: string; status: string }[]).map((c) => [c.id, c.status]));
  for (const id of ['daemonset-exists', 'not-in-default', 'image-pinned', 'selector-matches-template', 'pods-ready']) expect([id, checks[id]]).toEqual([id, 'pass']);
  const real = JSON.parse((await kubectl('get', 'nodes', '-l', 'lab-grader/real-node=true', '-o', 'json')).stdout).items.length;
  expect(checks['pods-on-every-node']).toBe(real ? 'fail' : 'pass');
});

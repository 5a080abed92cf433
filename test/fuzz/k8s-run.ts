import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grade } from '../labs/harness.js';
import { kubectl } from '../integration/k8s/kube.js';
import { judge, type Attempt, type Graded } from './attempt.js';
import { K8S_LABS } from './k8s-attempts.js';

/**
 * Applies Kubernetes attempts with the cluster's kubectl (KUBECONFIG), grades them with the
 * built CLI and --manifest, and deletes what each created, waiting until it is gone.
 * The caller holds /tmp/lab-grader-k8s-tests.lock.
 */
interface Node { metadata: { name: string }; status: { nodeInfo: { containerRuntimeVersion: string } } }

export async function nodes(): Promise<{ real: string[]; kwok: string[] }> {
  if (!process.env.KUBECONFIG) throw new Error('KUBECONFIG is not set: export KUBECONFIG=$(bash scripts/cluster.sh kubeconfig)');
  const got = await kubectl('get', 'nodes', '-o', 'json');
  if (got.code !== 0) throw new Error(`kubectl get nodes: ${got.stderr}`);
  const items = JSON.parse(got.stdout).items as Node[];
  const isKwok = (n: Node) => n.status.nodeInfo.containerRuntimeVersion.startsWith('kwok');
  return { real: items.filter((n) => !isKwok(n)).map((n) => n.metadata.name), kwok: items.filter(isKwok).map((n) => n.metadata.name) };
}

/**
 * Lab 3's Pod must land on the real node to really serve, so the kwok workers are cordoned
 * meanwhile (the control-plane node is tainted); the expectations assume that real node.
 */
export async function forLab(lab: string): Promise<() => Promise<void>> {
  const { real, kwok } = await nodes();
  if (!real.length) throw new Error('the test cluster has no real node: bash scripts/cluster.sh up --real-node');
  if (lab !== '3') return async () => undefined;
  for (const n of kwok) await kubectl('cordon', n);
  return async () => {
    for (const n of kwok) await kubectl('uncordon', n);
  };
}

async function cleanup(lab: string) {
  const ns = K8S_LABS[lab].namespace;
  await kubectl('delete', '-n', 'default', 'pod/nginx-pod', 'pod/nginx', 'daemonset/nginx-ds', 'deployment/nginx-ds', 'deployment/web', '--ignore-not-found', '--wait=true', '--timeout=90s');
  const deleted = await kubectl('delete', 'namespace', ns, '--ignore-not-found', '--wait=true', '--timeout=120s');
  if (deleted.code !== 0) throw new Error(`kubectl delete namespace ${ns}: ${deleted.stderr}`);
}

export async function runK8sAttempt(a: Attempt): Promise<Graded> {
  const work = mkdtempSync(join(tmpdir(), `lab-fuzz-${a.id.replace('#', '-')}-`));
  const file = join(work, 'manifest.yaml');
  writeFileSync(file, a.text);
  try {
    const applied = await kubectl(...a.applyArgs!, '-f', file);
    const applyWrong = a.expect.applyFails ? applied.code === 0 : applied.code !== 0;
    if (applyWrong) {
      const said = a.expect.applyFails ? 'kubectl accepted the manifest' : `kubectl ${a.applyArgs!.join(' ')} failed: ${applied.stderr.trim()}`;
      return { ok: false, wrong: [said], got: { fail: [], skip: [], error: [] } };
    }
    const { run, checks } = await grade(a.lab, ['--manifest', file, '--timeout', '30']);
    return judge(a, checks, run.code);
  } finally {
    await cleanup(a.lab);
    rmSync(work, { recursive: true, force: true });
  }
}

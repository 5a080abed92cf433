import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { registry } from '../../src/checks/registry.js';
import { deletePrepared, helmFor, preparedCopy, prepareCase, type PreparedCase } from '../../src/selftest/k8s-apply.js';
import { expectedOf } from '../../src/selftest/verdict.js';
import { casesOf, grade, LABS, verdict, type Case } from './harness.js';
import { expectReadOnlySince, graderKubeconfig, removeGraderRbac } from '../integration/k8s/audit.js';
import { kubectl } from '../integration/k8s/kube.js';

/**
 * Every case of a Kubernetes lab (solution, alternatives, wrong variants), applied with kubectl
 * to the real API server of the test cluster (scripts/cluster-test.sh sets KUBECONFIG) and graded
 * by the built CLI with only the read-only role of manifests/grader-rbac.yaml; a last test proves
 * from the audit log that every one of these runs only read. The lab's namespaces are deleted
 * after each case, pass or fail.
 */

interface Node { metadata: { name: string; labels?: Record<string, string> }; spec: { taints?: unknown[] }; status: { nodeInfo: { containerRuntimeVersion: string } } }

/** The test cluster's real kubelet nodes (containers run there) and its kwok nodes (nothing runs). */
export async function clusterNodes(): Promise<{ real: string[]; kwok: string[]; all: Node[] }> {
  const all = JSON.parse((await kubectl('get', 'nodes', '-o', 'json')).stdout).items as Node[];
  const isKwok = (n: Node) => n.status.nodeInfo.containerRuntimeVersion.startsWith('kwok');
  return { real: all.filter((n) => !isKwok(n)).map((n) => n.metadata.name), kwok: all.filter(isKwok).map((n) => n.metadata.name), all };
}

/** The label scripts/cluster/real-node.sh gives the real node. */
export const REAL_NODE_LABEL = { 'lab-grader/real-node': 'true' };

/**
 * A copy of a manifest whose Pods (a Pod, or a controller's Pod template) may only run on the real
 * node: the cases whose containers must really run, without cordoning the kwok nodes for everyone.
 * The student's own file is still the one graded with --manifest; a nodeSelector they did not
 * write is a field the live object has on top, which the manifest check allows.
 */
export function pinnedToRealNode(file: string, dir: string): string {
  return preparedCopy(file, { work: dir, nodeSelector: REAL_NODE_LABEL });
}

export interface LabRunOptions {
  /** Namespaces the lab's cases create, deleted after each case. */
  namespaces: string[];
  /** Run each case's Pods on the real node (the cases must serve or store for real). */
  realNode?: 'pin' | 'cordon-kwok';
  /** Seconds given to each check (--timeout). */
  timeout?: number;
  /** Extra options for `lab check`. */
  extraArgs?: (c: Case) => string[];
  /**
   * Checks that must fail on this cluster for a reason of the cluster, not the case (for example
   * a page asked of a Pod on a kwok node), each with what its `actual` must say.
   */
  clusterFailures?: (c: Case, nodes: { real: string[]; kwok: string[] }) => Record<string, RegExp>;
}

type Checks = Awaited<ReturnType<typeof grade>>['checks'];

/** What a lab's own extra tests get from describeK8sLab. */
export interface LabContext {
  /** lab check <id> as the read-only grader. */
  gradeAsGrader(extra?: string[]): ReturnType<typeof grade>;
  /** The cluster's nodes, once beforeAll has looked. */
  nodes(): { real: string[]; kwok: string[] };
  /** When the lab's tests started, for the audit log. */
  since(): string;
  /** A scratch folder, removed afterwards. */
  work: string;
}

/** Declares the jest tests of a lab folder: one per case, then the audit-log proof. */
export function describeK8sLab(folder: string, id: string, opts: LabRunOptions, more?: (ctx: LabContext) => void) {
  describe(`lab ${folder} against the real API server`, () => {
    const work = mkdtempSync(join(tmpdir(), `lab-k8s-${id}-`));
    let graderConfig: string;
    let since: string;
    let nodes: { real: string[]; kwok: string[] } = { real: [], kwok: [] };
    const gradeAsGrader = (extra: string[] = []) => grade(id, ['--kubeconfig', graderConfig, ...extra]);
    const cordon = async (on: boolean) => {
      for (const node of nodes.kwok) await kubectl(on ? 'cordon' : 'uncordon', node);
    };

    beforeAll(async () => {
      if (!process.env.KUBECONFIG) throw new Error('KUBECONFIG is not set: run these through scripts/cluster-test.sh');
      graderConfig = await graderKubeconfig(join(work, 'grader.kubeconfig'));
      since = new Date(Date.now() - 1000).toISOString();
      nodes = await clusterNodes();
      if (opts.realNode === 'cordon-kwok' && nodes.real.length) await cordon(true);
    });
    // What the last case applied (in default too, where a wrong variant lands), then the lab's namespaces:
    // exactly what the case made, never anyone else's objects in default.
    let applied: PreparedCase | undefined;
    const cleanup = async () => {
      for (const args of applied?.uninstalls ?? []) await helmFor()(...args);
      if (applied) await deletePrepared(kubectl, applied, []);
      applied = undefined;
      await kubectl('delete', 'namespace', ...opts.namespaces, '--ignore-not-found', '--wait=true', '--timeout=120s');
    };
    afterEach(cleanup);
    afterAll(async () => {
      await cleanup();
      if (opts.realNode === 'cordon-kwok' && nodes.real.length) await cordon(false);
      await removeGraderRbac();
      rmSync(work, { recursive: true, force: true });
    });

    const cases = casesOf(join(LABS, folder));
    test.each(cases.map((c) => [`${c.kind} ${c.name}`, c] as const))('%s', async (_, c) => {
      if (c.expect?.requires === 'real-node' && nodes.real.length === 0) {
        console.warn(`${folder} ${c.name}: skipped, it needs the test cluster's real node (kwok nodes run and pull nothing)`);
        return;
      }
      // Applied as lab selftest applies it (src/selftest/k8s-apply.ts), pinned to the real node if asked.
      applied = prepareCase(c, { work, nodeSelector: opts.realNode === 'pin' && nodes.real.length ? REAL_NODE_LABEL : undefined });
      for (const args of applied.applies) {
        const result = await kubectl(...args);
        if (c.expect?.applyFails) expect(result.code).not.toBe(0);
        else expect([result.code, result.stderr]).toEqual([0, '']);
      }
      // A Helm case (lab 12): helm install, with the real node as the chart's nodeSelector value.
      for (const args of applied.installs) {
        const result = await helmFor()(...args);
        expect([result.code, result.stderr]).toEqual([0, '']);
      }
      const given = [...(applied.manifest ? ['--manifest', applied.manifest] : []), ...(applied.chart ? ['--chart', applied.chart] : [])];
      const { run, checks } = await gradeAsGrader([...given, '--timeout', String(opts.timeout ?? 30), ...(opts.extraArgs?.(c) ?? [])]);
      expectVerdict(c, checks, run.code, nodes, opts);
    }, Math.max(300_000, 3_000 * (opts.timeout ?? 30)));

    more?.({ gradeAsGrader, nodes: () => nodes, since: () => since, work });

    test('the audit log shows that every run above, as the grader, only read (get, list, watch)', async () => {
      const events = await expectReadOnlySince(since);
      expect([...new Set(events.map((e) => e.verb))].filter((v) => v !== 'get' && v !== 'list')).toEqual([]);
    });
  });
}

/** The ids of a lab folder's checks that run only with --deep. */
export function deepCheckIds(folder: string): string[] {
  const lab = parse(readFileSync(join(LABS, folder, 'lab.yaml'), 'utf8')) as { checks: { id: string; kind: string }[] };
  return lab.checks.filter((x) => registry.get(x.kind)?.deep).map((x) => x.id);
}

/** What a case must produce, with the cluster's own expected failures added. */
export function expectVerdict(c: Case, checks: Checks, code: number, nodes: { real: string[]; kwok: string[] }, opts: Pick<LabRunOptions, 'clusterFailures'> = {}) {
  const expected = expectedOf(c, { offline: nodes.real.length > 0 });
  // The cases are graded without --deep: its checks are skipped, and proven by the lab's own --deep tests.
  const v = verdict(c, checks, deepCheckIds(c.lab));
  const byCluster = Object.entries(opts.clusterFailures?.(c, nodes) ?? {}).filter(([id]) => {
    const check = checks.find((x) => x.id === id);
    return check && check.status !== 'skip' && !expected.fail.includes(id);
  });
  for (const [id, actual] of byCluster) expect([id, checks.find((x) => x.id === id)!.actual]).toEqual([id, expect.stringMatching(actual)]);
  expect(v.errored).toEqual([]);
  expect(v.failed).toEqual([...expected.fail, ...byCluster.map(([id]) => id)].sort());
  expect(v.skipped).toEqual(expected.skip);
  expect(v.missingHints).toEqual([]);
  expect(v.wrongHints).toEqual([]);
  expect(v.wrongActuals).toEqual([]);
  expect(code).toBe(c.kind === 'wrong' || byCluster.length ? 1 : 0);
}

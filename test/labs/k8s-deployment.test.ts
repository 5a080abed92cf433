import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { LABS } from './harness.js';
import { describeK8sLab, pinnedToRealNode } from './k8s-cases.js';
import { expectReadOnlySince } from '../integration/k8s/audit.js';
import { kubectl } from '../integration/k8s/kube.js';

/**
 * Lab 8 (three replicas of nginx spread over nodes, behind a Service): every case on the test
 * cluster (see k8s-cases.ts), and the serving check proven for real on the real node.
 *
 * On the test cluster the spread rule puts one Pod on each schedulable node: lab-worker and
 * lab-worker2 are kwok nodes, where no container runs (their Pods get a fake IP and are marked
 * Ready, whatever their readiness probe says), and lab-node is real. So a Pod on a kwok node never
 * answers ("503 error trying to reach service"), and the serving check, which needs two Pods that
 * serve the page, must fail there for that reason whenever a ready Pod sits on a kwok node.
 */

const SOLUTION = join(LABS, '08-deployment/solution/miweb.yaml');

interface Pod { spec: { nodeName?: string }; status: { conditions?: { type: string; status: string }[] }; metadata: { deletionTimestamp?: string } }

/** The nodes of lab8's ready Pods, right now (clusterFailures runs before the case is cleaned up). */
function readyPodNodes(): string[] {
  const pods = JSON.parse(execFileSync('kubectl', ['get', 'pods', '-n', 'lab8', '-o', 'json'], { encoding: 'utf8' })).items as Pod[];
  return pods
    .filter((p) => !p.metadata.deletionTimestamp && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
    .map((p) => p.spec.nodeName ?? '');
}

describeK8sLab(
  '08-deployment',
  '8',
  {
    namespaces: ['lab8'],
    // Where the scheduler put the Pods decides whether all can answer: the solution's rule puts one on
    // the real node (1 of 3 serve), cases without a rule wherever it liked, all-on-one-node none.
    // Every ready Pod behind the Service must serve, so any of them on a kwok node fails it.
    clusterFailures: (_, nodes): Record<string, RegExp> => {
      const ready = readyPodNodes();
      return ready.length && ready.every((n) => nodes.real.includes(n)) ? {} : { 'serves-through-service': /503 error trying to reach service/ };
    },
  },
  ({ gradeAsGrader, nodes, since, work }) => {
    test('with every Pod on the real node, the serving check passes (3 of 3 Pods answer) and the spread check fails, honestly', async () => {
      if (nodes().real.length === 0) {
        console.warn("08-deployment: the real-node test skipped, it needs the test cluster's real node (kwok nodes run nothing)");
        return;
      }
      // pinnedToRealNode adds a nodeSelector that only lab-node matches: the only domain of the
      // spread rule, so all three Pods run there and really serve.
      const applied = await kubectl('apply', '-f', pinnedToRealNode(SOLUTION, work));
      expect([applied.code, applied.stderr]).toEqual([0, '']);
      const { checks } = await gradeAsGrader(['--manifest', SOLUTION, '--timeout', '90']);
      const check = (id: string) => checks.find((c) => c.id === id)!;
      expect(check('replicas-available').status).toBe('pass');
      expect(check('service-endpoints').status).toBe('pass');
      expect(check('serves-through-service')).toMatchObject({ status: 'pass', message: expect.stringContaining('3 of 3 Pods') });
      expect(check('serves-through-service').actual).toMatch(/^services\/miweb:80\/proxy: 200 «Welcome to nginx!»/);
      expect(check('spread-over-nodes')).toMatchObject({
        status: 'fail',
        message: expect.stringContaining('(lab-node)'),
        actual: expect.stringContaining(`${nodes().real[0]} ×3`),
      });
      expect(readyPodNodes()).toEqual(Array(3).fill(nodes().real[0]));

      // The serving check asked through the API server's service proxy, and each Pod through the pod proxy.
      const events = await expectReadOnlySince(since());
      const proxied = new Set(events.filter((e) => e.objectRef?.subresource === 'proxy').map((e) => e.objectRef!.resource));
      expect([...proxied].sort()).toEqual(['pods', 'services']);
    });
  },
);

import { join } from 'node:path';
import { grade, LABS } from './harness.js';
import { clusterNodes, describeK8sLab } from './k8s-cases.js';
import { expectReadOnlySince } from '../integration/k8s/audit.js';
import { kubectl } from '../integration/k8s/kube.js';

/** Labs 3 and 4: every case on the test cluster (see k8s-cases.ts), and what is particular to them. */

// On kwok nodes no container runs, so nothing answers behind the pod proxy: there, serves-http
// must fail with the API server's own error, honestly, instead of passing. With a real node,
// the kwok workers are cordoned so that the Pod lands on the real node and really serves.
describeK8sLab(
  '03-nginx-pod',
  '3',
  {
    namespaces: ['lab3'],
    realNode: 'cordon-kwok',
    clusterFailures: (_, nodes): Record<string, RegExp> => (nodes.real.length ? {} : { 'serves-http': /^503 error trying to reach service/ }),
  },
  ({ since }) => {
    test('serves-http asked nginx through the pod proxy', async () => {
      const events = await expectReadOnlySince(since());
      expect(events.some((e) => e.objectRef?.subresource === 'proxy' && e.objectRef.resource === 'pods')).toBe(true);
    });
  },
);

describeK8sLab('04-daemonset', '4', { namespaces: ['lab4'] });

describe('labs 3 and 4: the cluster and the namespace', () => {
  afterEach(async () => {
    await kubectl('delete', 'pod,daemonset', '--all', '-n', 'default', '--ignore-not-found', '--wait=true', '--timeout=60s');
  });

  test('the cluster has a tainted control-plane node, so a DaemonSet without a toleration really misses it', async () => {
    const { all } = await clusterNodes();
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(all.map((n) => n.spec.taints ?? []))).toContain('node-role.kubernetes.io/control-plane');
  });

  test('--namespace overrides the lab namespace: the Pod is found in default, and not-in-default says why that is wrong', async () => {
    expect((await kubectl('apply', '-f', join(LABS, '03-nginx-pod/wrong/default-namespace/pod.yaml'))).code).toBe(0);
    const { checks } = await grade('3', ['--namespace', 'default', '--timeout', '30']);
    expect(checks.find((c) => c.id === 'pod-exists')?.status).toBe('pass');
    expect(checks.find((c) => c.id === 'not-in-default')).toMatchObject({ status: 'fail', message: expect.stringContaining('Namespace default is being graded') });
  });
});

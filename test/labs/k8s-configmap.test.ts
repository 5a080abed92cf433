import { join } from 'node:path';
import { applyArgsOf, casesOf, LABS } from './harness.js';
import { describeK8sLab, pinnedToRealNode } from './k8s-cases.js';
import { expectReadOnlySince } from '../integration/k8s/audit.js';
import { kubectl } from '../integration/k8s/kube.js';

/**
 * Lab 10: every case on the test cluster (see k8s-cases.ts), pinned to the real node, since init
 * containers, their exit codes and CreateContainerConfigError only happen where containers run.
 */
describeK8sLab('10-configmap', '10', { namespaces: ['lab10'], realNode: 'pin' }, ({ gradeAsGrader, since, nodes, work }) => {
  test('init-completed read the failing init container\'s log (pods/log), and serves-configmap-value asked nginx through the pod proxy', async () => {
    const events = await expectReadOnlySince(since());
    const sub = (s: string) => events.some((e) => e.objectRef?.resource === 'pods' && e.objectRef.subresource === s && e.objectRef.namespace === 'lab10');
    expect([sub('log'), sub('proxy')]).toEqual([true, true]);
  });

  test('after the ConfigMap changes, the running Pod still shows the old text, and the hint says to start a new Pod', async () => {
    const c = casesOf(join(LABS, '10-configmap')).find((x) => x.kind === 'solution')!;
    for (const args of applyArgsOf(c)) {
      if (nodes().real.length) args[args.length - 1] = pinnedToRealNode(args[args.length - 1], work);
      expect((await kubectl(...args)).code).toBe(0);
    }
    const first = await gradeAsGrader(['--timeout', '60']);
    expect(first.checks.find((x) => x.id === 'serves-configmap-value')?.status).toBe('pass');
    const patched = await kubectl('patch', 'configmap', 'miweb-config', '-n', 'lab10', '--type', 'merge', '-p', '{"data":{"mensaje":"Un texto nuevo"}}');
    expect(patched.code).toBe(0);
    const { checks } = await gradeAsGrader(['--timeout', '10']);
    expect(checks.find((x) => x.id === 'serves-configmap-value')).toMatchObject({ status: 'fail', hint: expect.stringContaining('only when the Pod starts') });
  });
});

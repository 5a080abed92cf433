import { describeK8sLab } from './k8s-cases.js';
import { kubectl } from '../integration/k8s/kube.js';

/**
 * Lab 9: every case on the test cluster (see k8s-cases.ts), pinned to the real node, where MySQL
 * really runs and stores on the local-path StorageClass; then --deep as the student.
 */

// wrong/default-namespace leaves what only this lab makes in default: its claims and its Secret.
afterAll(async () => {
  await kubectl('delete', 'pvc', 'datos-mimysql-0', 'datos-mimysql-1', '-n', 'default', '--ignore-not-found', '--wait=false');
  await kubectl('delete', 'secret', 'mimysql', '-n', 'default', '--ignore-not-found');
});

describeK8sLab('09-statefulset', '9', { namespaces: ['lab9'], realNode: 'pin', timeout: 120 });

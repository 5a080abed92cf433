import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { grade, LABS, ROOT } from './harness.js';
import { describeK8sLab, pinnedToRealNode } from './k8s-cases.js';
import { kubeconfigWith, kubectl } from '../integration/k8s/kube.js';

/**
 * Lab 9: every case on the test cluster (see k8s-cases.ts), pinned to the real node, where MySQL
 * really runs and stores on the local-path StorageClass; then --deep as the student, who may
 * port-forward and delete Pods in their namespace (manifests/student.yaml), and as the grader, who may not.
 */

const STUDENT = 'ana';
const NS = 'lab9';

// wrong/default-namespace leaves what only this lab makes in default: its claims and its Secret.
afterAll(async () => {
  await kubectl('delete', 'pvc', 'datos-mimysql-0', 'datos-mimysql-1', '-n', 'default', '--ignore-not-found', '--wait=false');
  await kubectl('delete', 'secret', 'mimysql', '-n', 'default', '--ignore-not-found');
});

const statuses = (checks: { id: string; status: string }[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]));
const json = async (...args: string[]) => JSON.parse((await kubectl(...args, '-o', 'json')).stdout);

// 240 s a check: two MySQL servers initialise one after the other, slower while other suites run beside.
describeK8sLab('09-statefulset', '9', { namespaces: [NS], realNode: 'pin', timeout: 240 }, ({ work, gradeAsGrader }) => {
  describe('lab check 9 --deep', () => {
    const stamped = join(work, 'student.yaml');

    /** The student's corner for namespace lab9 (envsubst, as manifests/student.yaml says), a case applied there and rolled out, and the student's kubeconfig. */
    async function setUp(folder: string): Promise<string> {
      const text = readFileSync(join(ROOT, 'manifests/student.yaml'), 'utf8').replaceAll('${STUDENT}', STUDENT).replaceAll('${NAMESPACE}', NS);
      writeFileSync(stamped, text);
      expect(await kubectl('apply', '-f', stamped)).toMatchObject({ code: 0 });
      const token = await kubectl('create', 'token', STUDENT, '-n', NS, '--duration', '1h');
      expect(token.code).toBe(0);
      const kubeconfig = await kubeconfigWith(join(work, 'student.kubeconfig'), { token: token.stdout.trim() });
      expect(await kubectl('apply', '-f', pinnedToRealNode(join(LABS, '09-statefulset', folder, 'mysql.yaml'), work))).toMatchObject({ code: 0 });
      expect((await kubectl('rollout', 'status', 'statefulset/mimysql', '-n', NS, '--timeout=180s')).code).toBe(0);
      return kubeconfig;
    }

    afterAll(async () => {
      // The namespace goes after each test; the student's ClusterRole and its binding are cluster-wide.
      await kubectl('delete', '-f', stamped, '--ignore-not-found', '--wait=false');
    });

    test('the solution, as the student: root logs in to mimysql-0, and the data survives deleting it; then nothing is left changed', async () => {
      const kubeconfig = await setUp('solution');
      const before = await json('get', 'statefulset', 'mimysql', '-n', NS);
      const pod0 = await json('get', 'pod', 'mimysql-0', '-n', NS);
      const { run, checks } = await grade('9', ['--deep', '--kubeconfig', kubeconfig, '--timeout', '120']);
      expect(statuses(checks)).toEqual(Object.fromEntries(checks.map((c) => [c.id, c.id === 'manifest-matches' ? 'skip' : 'pass'])));
      expect(run.code).toBe(0);
      expect(checks.find((c) => c.id === 'root-login')?.message).toMatch(/^Logged in as root at 127\.0\.0\.1:\d+; database curso is visible\.$/);
      expect(checks.find((c) => c.id === 'data-survives-pod')?.message).toBe('The data survives deleting Pod mimysql-0: the new mimysql-0 found it on its claim.');
      // mimysql-0 is a new Pod; the StatefulSet is as it was, and the marker is gone.
      const after = await json('get', 'statefulset', 'mimysql', '-n', NS);
      expect((await json('get', 'pod', 'mimysql-0', '-n', NS)).metadata.uid).not.toBe(pod0.metadata.uid);
      expect([after.metadata.generation, after.spec]).toEqual([before.metadata.generation, before.spec]);
      const dbs = await kubectl('exec', '-n', NS, 'mimysql-0', '--', 'mysql', '-uroot', '-ppassword', '-N', '-e', 'SHOW DATABASES');
      expect(dbs.code).toBe(0);
      expect(dbs.stdout).toContain('curso');
      expect(dbs.stdout).not.toContain('lab_grader_marker');

      // The grader's read-only role may not port-forward: an error that names the permission, not a fail.
      const asGrader = await gradeAsGrader(['--deep', '--timeout', '60']);
      const login = asGrader.checks.find((c) => c.id === 'root-login')!;
      expect([login.status, login.message]).toEqual(['error', expect.stringContaining('pods/portforward in namespace lab9')]);
      expect(asGrader.checks.find((c) => c.id === 'data-survives-pod')?.status).toBe('skip');
      expect(asGrader.run.code).toBe(2);
    });

    test('wrong/emptydir, as the student: root logs in, but the data is gone after its Pod is recreated', async () => {
      const kubeconfig = await setUp('wrong/emptydir');
      const { run, checks } = await grade('9', ['--deep', '--kubeconfig', kubeconfig, '--timeout', '120']);
      const deep = checks.find((c) => c.id === 'data-survives-pod')!;
      expect(checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['own-storage', 'data-survives-pod']);
      expect(checks.find((c) => c.id === 'root-login')?.status).toBe('pass');
      expect(deep.message).toBe('After deleting Pod mimysql-0, the data written before was gone.');
      expect(deep.hint).toContain('volumeClaimTemplates');
      expect(run.code).toBe(1);
    });
  });
});

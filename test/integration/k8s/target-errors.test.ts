import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runCli } from '../../labs/harness.js';
import { kubeconfigWith } from './kube.js';

/** Every way of not reaching the cluster is exit 2 with one line that says what to do. */
const work = mkdtempSync(join(tmpdir(), 'lab-kube-errors-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function expectOneLine(args: string[], env: NodeJS.ProcessEnv, pattern: RegExp) {
  const run = await runCli(['check', '3', '--lang', 'en', ...args], env);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

test('no kubeconfig anywhere', async () => {
  await expectOneLine([], { KUBECONFIG: join(work, 'missing'), HOME: work }, /^lab: No kubeconfig found .*missing/);
});

test('a context that does not exist lists the ones that do', async () => {
  await expectOneLine(['--context', 'kind-nope'], {}, /^lab: Context "kind-nope" is not in the kubeconfig\. Contexts: /);
});

test('a cluster that is not running', async () => {
  const port = await closedPort();
  const file = await kubeconfigWith(join(work, 'down.kubeconfig'), { token: 'x' }, `https://127.0.0.1:${port}`);
  await expectOneLine(['--kubeconfig', file], {}, new RegExp(`^lab: Cannot connect to cluster https://127\\.0\\.0\\.1:${port} .*ECONNREFUSED`));
});

/** A loopback port nothing listens on (fetch refuses the classic "bad" ports such as 1). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

test('credentials the API server refuses', async () => {
  const file = await kubeconfigWith(join(work, 'refused.kubeconfig'), { token: 'not-a-valid-token' });
  await expectOneLine(['--kubeconfig', file], {}, /^lab: Cluster https:\/\/127\.0\.0\.1:\d+ refuses the credentials/);
});

test('a kubeconfig that is not YAML', async () => {
  const file = join(work, 'garbage.kubeconfig');
  writeFileSync(file, 'clusters: [unclosed\n');
  await expectOneLine(['--kubeconfig', file], {}, /^lab: Kubeconfig .*garbage\.kubeconfig is not valid/);
});

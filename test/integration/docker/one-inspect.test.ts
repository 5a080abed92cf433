import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { grade, LABS, ROOT, runCli, sh } from '../../labs/harness.js';

/**
 * What `lab check 1` asks the real engine, seen through a counting proxy on a unix socket:
 * one inspect of mimysql for all its checks, and no Kubernetes client loaded; lab 7 one
 * inspect of each of its containers and of its network.
 */
const docker = new Docker();
const work = mkdtempSync(join(tmpdir(), 'lab-inspect-'));
const requests: string[] = [];
const proxySock = join(work, 'docker.sock');
const proxy = createServer((client) => {
  const engine = connect('/var/run/docker.sock');
  client.on('data', (chunk) => {
    for (const m of chunk.toString('latin1').matchAll(/^(GET|POST|DELETE|HEAD|PUT) (\S+) HTTP/gm)) requests.push(`${m[1]} ${m[2]}`);
  });
  client.pipe(engine).pipe(client);
  client.on('error', () => engine.destroy());
  engine.on('error', () => client.destroy());
});

beforeAll(async () => {
  await docker.getContainer('mimysql').remove({ force: true, v: true }).catch(() => undefined);
  const run = await sh(join(LABS, '01-mysql', 'solution', 'run.sh'), work);
  if (run.code !== 0) throw new Error(run.stderr);
  await grade('1', ['--timeout', '60']); // until MySQL has finished its first start
  await new Promise<void>((r) => proxy.listen(proxySock, r));
});

afterAll(async () => {
  proxy.close();
  await docker.getContainer('mimysql').remove({ force: true, v: true }).catch(() => undefined);
  for (const name of ['miweb', 'midb']) await docker.getContainer(name).remove({ force: true, v: true }).catch(() => undefined);
  await docker.getNetwork('mired').remove().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
});

test('a passing lab 1 costs one inspect of mimysql, and never loads the Kubernetes client or the ssh code', async () => {
  const traceFile = join(work, 'imports.txt');
  writeFileSync(traceFile, '');
  const run = await runCli(
    ['check', '1', '--format', 'json'],
    { DOCKER_HOST: `unix://${proxySock}`, TRACE_IMPORTS_FILE: traceFile, NODE_OPTIONS: `--import=${join(ROOT, 'test/e2e/fixtures/trace-imports.mjs')}` },
  );
  expect(run.code).toBe(0);
  const inspects = requests.filter((r) => /^GET \/(v[\d.]+\/)?containers\/mimysql\/json/.test(r));
  expect(inspects).toHaveLength(1);
  const imported = readFileSync(traceFile, 'utf8').split('\n');
  expect(imported).toContain('dockerode');
  expect(imported.filter((s) => s.startsWith('@kubernetes/') || s.includes('kubernetes-client'))).toEqual([]);
  expect(imported.filter((s) => s === 'ssh2' || s.includes('docker-ssh'))).toEqual([]);
});

test('a passing lab 7 costs one inspect of each container and of the network, and no listing', async () => {
  const seven = join(work, 'lab7');
  mkdirSync(seven);
  const applied = await sh(join(LABS, '07-network', 'solution', 'run.sh'), seven);
  if (applied.code !== 0) throw new Error(applied.stderr);
  await grade('7', ['--timeout', '60']); // until WordPress reaches MySQL
  requests.length = 0;
  const run = await runCli(['check', '7', '--format', 'json'], { DOCKER_HOST: `unix://${proxySock}` });
  expect(run.code).toBe(0);
  const count = (pattern: RegExp) => requests.filter((r) => pattern.test(r)).length;
  expect(count(/^GET \/(v[\d.]+\/)?containers\/midb\/json/)).toBe(1);
  expect(count(/^GET \/(v[\d.]+\/)?containers\/miweb\/json/)).toBe(1);
  expect(count(/^GET \/(v[\d.]+\/)?networks\/mired/)).toBe(1);
  expect(count(/^GET \/(v[\d.]+\/)?(containers|networks)\/json/)).toBe(0);
});

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli } from '../labs/harness.js';

/** `lab cluster`: kind's arguments, its output and exit code passed on; one line when kind is missing. */
const work = mkdtempSync(join(tmpdir(), 'lab-e2e-cluster-'));
const KUBECONFIG = join(work, 'kubeconfig'); // kind writes and prunes contexts here, not in ~/.kube
const CONFIG = join(ROOT, 'manifests/kind-classroom.yaml');
const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |unexpected error/);

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const kindNetwork = () => docker('network', 'ls', '--filter', 'name=^kind$', '--format', '{{.Name}}') === 'kind';
const hadKindNetwork = kindNetwork();
const NAME = `lab-e2e-${process.pid}`;

afterAll(() => {
  // kind creates its "kind" network only after the node image is there; remove it if this test made one anyway.
  if (!hadKindNetwork && kindNetwork()) docker('network', 'rm', 'kind');
  rmSync(work, { recursive: true, force: true });
});

test('without kind on PATH, create and delete say how to install it: one line, exit 2', async () => {
  const empty = join(work, 'empty-bin');
  mkdirSync(empty);
  for (const action of ['create', 'delete']) {
    const run = await runCli(['cluster', action, '--lang', 'en'], { PATH: empty, KUBECONFIG });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      'lab: kind is not installed or not on PATH. Install it with "go install sigs.k8s.io/kind@latest" or download its binary (https://kind.sigs.k8s.io/docs/user/quick-start/#installation), then run this again.',
    ]);
  }
  const es = await runCli(['cluster', 'create', '--lang', 'es'], { PATH: empty });
  expect(es.stderr).toMatch(/^lab: kind no está instalado .*go install sigs\.k8s\.io\/kind@latest/);
});

test("kind gets the classroom config and the options, its output is streamed and its exit code passed on", async () => {
  const bin = join(work, 'recording-bin');
  mkdirSync(bin);
  const argsFile = join(work, 'args');
  writeFileSync(join(bin, 'kind'), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${argsFile}'\necho "kind says hi"\necho "kind complains" >&2\nexit 3\n`);
  chmodSync(join(bin, 'kind'), 0o755);
  const env = { PATH: `${bin}:${process.env.PATH}`, KUBECONFIG };
  const calls: string[][] = [];
  const call = async (args: string[], cwd = ROOT) => {
    rmSync(argsFile, { force: true });
    const run = await runCli(['cluster', ...args], env, cwd);
    expect([run.code, run.stdout, run.stderr]).toEqual([3, 'kind says hi\n', 'kind complains\n']);
    calls.push(readFileSync(argsFile, 'utf8').trim().split('\n'));
  };
  await call(['create']);
  await call(['create', '--name', 'clase-a', '--image', 'kindest/node:v1.34.0', '--config', 'my-kind.yaml'], work);
  await call(['delete', '--name', 'clase-a']);
  expect(calls).toEqual([
    ['create', 'cluster', '--name', 'lab-grader', '--config', CONFIG],
    ['create', 'cluster', '--name', 'clase-a', '--config', join(work, 'my-kind.yaml'), '--image', 'kindest/node:v1.34.0'],
    ['delete', 'cluster', '--name', 'clase-a'],
  ]);
});

describe('with a real kind', () => {
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    const bin = execFileSync('bash', [join(ROOT, 'scripts/kind.sh'), 'bindir'], { encoding: 'utf8' }).trim();
    env = { PATH: `${bin}:${process.env.PATH}`, KUBECONFIG };
  });
  afterAll(async () => {
    await runCli(['cluster', 'delete', '--name', NAME], env);
  });

  test('delete of a cluster that does not exist succeeds, as kind does', async () => {
    const run = await runCli(['cluster', 'delete', '--name', `${NAME}-unused`], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`Deleting cluster "${NAME}-unused"`);
    noStack(run.stderr);
  });

  test("create accepts the classroom config and passes kind's failure on when the node image cannot be pulled", async () => {
    // A closed loopback port: the pull fails on this machine and nothing reaches a registry.
    const run = await runCli(['cluster', 'create', '--name', NAME, '--image', '127.0.0.1:9/kindest/node:v1.34.0', '--lang', 'en'], env);
    expect(run.code).toBe(1);
    // kind validates the config before it looks for the image: this line means it took ours.
    expect(run.stderr).toContain(`Creating cluster "${NAME}"`);
    expect(run.stderr).toContain('Ensuring node image (127.0.0.1:9/kindest/node:v1.34.0)');
    expect(run.stderr).toMatch(/ERROR: failed to create cluster: failed to pull image "127\.0\.0\.1:9\/kindest\/node:v1\.34\.0"/);
    expect(run.stderr).not.toMatch(/^lab: /m);
    noStack(run.stderr);
    expect(docker('ps', '-a', '--filter', `label=io.x-k8s.kind.cluster=${NAME}`, '--format', '{{.Names}}')).toBe('');
    expect(kindNetwork()).toBe(hadKindNetwork);
  });

  test('a config kind refuses is kind\'s error, passed on', async () => {
    const bad = join(work, 'bad-kind.yaml');
    writeFileSync(bad, readFileSync(CONFIG, 'utf8').replace('role: control-plane', 'role: boss'));
    const run = await runCli(['cluster', 'create', '--name', NAME, '--config', bad, '--image', '127.0.0.1:9/kindest/node:v1.34.0'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"boss" is not a valid node role');
    noStack(run.stderr);
  });
});

test('student prints one stamped manifest per student; a name that is no DNS label is one line, exit 2', async () => {
  const run = await runCli(['cluster', 'student', 'ana', 'luis']);
  expect(run.code).toBe(0);
  expect(run.stdout.match(/^kind: Namespace$/gm)).toHaveLength(2);
  expect(run.stdout).toContain('  name: alumno-luis\n');
  expect(run.stdout).not.toContain('${');
  const bad = await runCli(['cluster', 'student', 'ana', 'Luis_M', '--lang', 'en']);
  expect(bad.code).toBe(2);
  expect(bad.stdout).toBe('');
  expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^lab: "Luis_M" cannot be a student here: namespace "alumno-Luis_M" must be a DNS label/)]);
  const grader = await runCli(['cluster', 'grader']);
  expect(grader.stdout).toBe(readFileSync(join(ROOT, 'manifests/grader-rbac.yaml'), 'utf8'));
});

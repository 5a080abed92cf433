import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../../labs/harness.js';
import { checksOf, CLI, expectNoStack, expectOneLine, lab, run, statusOf, type Run } from './drill-helpers.js';
import { PrivateDockerd } from './private-dockerd.js';

/**
 * Failure drills: the engine goes away, DOCKER_HOST leads nowhere, the socket refuses the
 * user, the lab does not exist. Each asserts the status (`error` is the grader's trouble,
 * `fail` only the student's), the exit code, and one line with no stack trace.
 */
const LAB_IDS = 'Labs: 1 (mysql), 2 (wordpress), 3 (nginx-pod), 4 (daemonset), 5 (fedora)';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('the Docker engine stops', () => {
  // Private engines: the system dockerd is shared and is never stopped.
  const engines: PrivateDockerd[] = [];
  afterAll(async () => {
    for (const e of engines) await e.remove();
  });

  test('before the run (the daemon died and left its socket): exit 2, one line', async () => {
    const engine = new PrivateDockerd();
    engines.push(engine);
    await engine.start([]);
    await engine.stop('SIGKILL');
    const r = await lab(['check', '1', '--format', 'json', '--lang', 'en'], { DOCKER_HOST: engine.host });
    expectOneLine(r, new RegExp(`^lab: Cannot connect to Docker at ${engine.host} \\(ECONNREFUSED\\)\\. Is Docker running\\?`));
    expectNoStack(r);
  });

  test('in the middle of a run, while a check waits for MySQL: error at once, not a fail after the timeout', async () => {
    const engine = new PrivateDockerd();
    engines.push(engine);
    await engine.start(['lab-grader/debian:bookworm']);
    // A stand-in mimysql that is right in every setting but never answers on 3306, so the login checks keep asking.
    engine.cli(['tag', 'lab-grader/debian:bookworm', 'mysql:5.7']);
    const data = join(engine.dir, 'mysql-data');
    mkdirSync(data);
    engine.cli([
      'run', '-d', '--name', 'mimysql', '--stop-timeout', '1',
      '-e', 'MYSQL_ROOT_PASSWORD=password', '-e', 'MYSQL_DATABASE=curso', '-e', 'MYSQL_USER=usuario', '-e', 'MYSQL_PASSWORD=password',
      '-p', '3306:3306', '-v', `${data}:/var/lib/mysql`, 'mysql:5.7', 'sleep', 'infinity',
    ]);

    const started = Date.now();
    const child = spawn(engine.exec([process.execPath, CLI])[0], [...engine.exec([process.execPath, CLI]).slice(1), 'check', '1', '--format', 'json', '--lang', 'en', '--timeout', '90'], {
      cwd: ROOT, env: { ...process.env, DOCKER_HOST: engine.host, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const exited = new Promise<number>((r) => child.on('exit', (code) => r(code ?? -1)));

    // The engine's debug log names the grader's inspect; after it the login checks are asking MySQL.
    for (let i = 0; !/GET (\/v[\d.]+)?\/containers\/mimysql\/json/.test(engine.logText()); i++) {
      if (i > 200) throw new Error(`the grader never inspected mimysql: ${stderr}${stdout}\n${engine.logText().split('\n').filter((l) => l.includes('Calling')).join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 2500));
    const stoppedAt = Date.now();
    await engine.stop('SIGTERM');
    const code = await exited;
    const r: Run = { code, stdout, stderr, ms: Date.now() - started };

    const checks = checksOf(r);
    const status = statusOf(checks);
    for (const id of ['container-exists', 'container-running', 'image-mysql', 'env-passwords', 'port-published', 'data-volume']) expect(status[id]).toBe('pass');
    expect(status['db-login']).toBe('error');
    expect(status['db-root-login']).toBe('error');
    for (const c of checks.filter((x) => x.status === 'error')) {
      expect(c.message).toMatch(new RegExp(`^Could not check: Docker stopped answering at ${engine.host} \\((ENOENT|ECONNREFUSED)\\) in the middle of the check\\.`));
      expect(c.message).not.toContain('\n');
    }
    // The grader's trouble is exit 2, and it is told at once: not after the 90 s a dead engine would cost.
    expect(code).toBe(2);
    expect(Date.now() - stoppedAt).toBeLessThan(20_000);
    expect(stderr).toBe('');
    expectNoStack(r);

    // Afterwards it is an engine that was stopped before the run: gone, socket and all.
    const again = await lab(['check', '1', '--format', 'json', '--lang', 'en'], { DOCKER_HOST: engine.host });
    expectOneLine(again, new RegExp(`^lab: Cannot connect to Docker at ${engine.host} \\((ENOENT|ECONNREFUSED)\\)\\.`));
  });
});

describe('DOCKER_HOST points nowhere', () => {
  test.each([
    ['a missing socket', () => 'unix:///tmp/lab-grader-no-such-dir/docker.sock', /\(ENOENT\)\. Is Docker running\?/],
    ['a closed loopback TCP port', async () => `tcp://127.0.0.1:${await closedPort()}`, /\(ECONNREFUSED\)\. Is Docker running\?/],
    ['localhost on a closed port', async () => `tcp://localhost:${await closedPort()}`, /\(ECONNREFUSED\)\. Is Docker running\?/],
  ])('%s: exit 2, one line that names it', async (_, host, reason) => {
    const endpoint = await host();
    const r = await lab(['check', '1', '--format', 'json', '--lang', 'en'], { DOCKER_HOST: endpoint });
    expectOneLine(r, new RegExp(`^lab: Cannot connect to Docker at ${endpoint.replace(/[/.]/g, '\\$&')} `));
    expect(r.stderr).toMatch(reason);
    expectNoStack(r);
  });

  test.each(['nowhere', 'tcp://', 'unix://', 'localhost:2375'])('a value that is no address (%s) is refused before anything is dialled', async (value) => {
    const r = await lab(['check', '1', '--format', 'json', '--lang', 'en'], { DOCKER_HOST: value });
    expectOneLine(r, /^lab: DOCKER_HOST is not valid \(.*\): use unix:\/\/\/path\/to\/docker\.sock or tcp:\/\/host:port/);
    const es = await lab(['check', '1', '--lang', 'es'], { DOCKER_HOST: value });
    expectOneLine(es, /^lab: DOCKER_HOST no es válido .*: usa unix:\/\/\//);
  });
});

test('the real socket refuses a user outside the docker group: exit 2, one line that says how to get access', async () => {
  // nobody cannot read root's home, where this Node lives: give it a copy it may run.
  const dir = mkdtempSync('/tmp/lgdrill-node-');
  try {
    chmodSync(dir, 0o755);
    const node = join(dir, 'node');
    copyFileSync(process.execPath, node);
    chmodSync(node, 0o755);
    const r = await run(['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', node, CLI, 'check', '1', '--format', 'json', '--lang', 'en'], {
      DOCKER_HOST: 'unix:///var/run/docker.sock', HOME: dir,
    });
    expectOneLine(r, /^lab: Permission denied on unix:\/\/\/var\/run\/docker\.sock\. Add your user to the docker group/);
    expectNoStack(r);
    // The same user can still do what needs no engine.
    expect((await run(['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', node, CLI, 'list'], { HOME: dir })).code).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unknown lab id among known ones: exit 2, one line listing the labs, before any engine is asked', async () => {
  // DOCKER_HOST leads nowhere: were the engine asked first, the line would be about Docker.
  for (const args of [['check', '1', '99'], ['check', 'mysql', 'nope', '--format', 'junit']]) {
    const r = await lab([...args, '--lang', 'en'], { DOCKER_HOST: 'unix:///tmp/lab-grader-no-such-dir/docker.sock' });
    // The first labs, in order; more may follow.
    expectOneLine(r, new RegExp(`^lab: There is no lab "${args[2]}"\\. ${LAB_IDS.replace(/[()]/g, '\\$&')}(, \\d+ \\([a-z0-9-]+\\))*$`), { refusedBeforeGrading: true });
  }
  const es = await lab(['check', '99', '--lang', 'es']);
  expectOneLine(es, /^lab: No existe la práctica "99"\. Prácticas: 1 \(mysql\), 2 \(wordpress\)/, { refusedBeforeGrading: true });
});


import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { casesOf, LABS } from '../../labs/harness.js';
import { checksOf, CLI, run } from '../docker/drill-helpers.js';
import { engineHelpers, labSuites } from './engine-labs.js';
import { SshEngine } from './ssh-engine.js';

/**
 * A remote engine over ssh:// (`docker system dial-stdio` through the system's ssh): labs 1
 * and 2 graded from "the laptop", with the published ports dialled at the VM's address. A port
 * the student published on the VM's loopback cannot be reached from the laptop: the login checks
 * end in error (never a fail) and say so.
 */
const remote = new SshEngine();
beforeAll(async () => {
  await remote.start(['mysql:5.7', 'mysql:5.6', 'mysql:latest', 'wordpress:6.1-apache', 'wordpress:6.1.1-apache', 'wordpress:latest', 'nginx:1.22']);
}, 600_000);
afterAll(async () => {
  await remote.remove();
});

const opts = { gradeEnv: () => remote.env(), except: ['1/loopback-port', '1/host-ip', '1/ipv6-short-id'] };
const lab = (args: string[]) => run(remote.exec([process.execPath, CLI, ...args]), remote.env());

describe('lab doctor and module loading over ssh', () => {
  test("doctor names the ssh engine and dials published ports at the VM's address", async () => {
    const r = await lab(['doctor', '1', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 4)).toEqual([
      'Docker',
      `  ✔ Engine ${remote.host}, chosen by the DOCKER_HOST variable`,
      expect.stringMatching(/^ {2}✔ Docker Engine \S+ \(API 1\.\d+\), rootful$/),
      `  ✔ Published ports are dialled at ${remote.ip}; ports published on 127.0.0.1 only cannot be reached from here`,
    ]);
  });

  test('an ssh host that does not answer: exit 2, one line, ssh\'s own reason', async () => {
    const r = await run(remote.exec([process.execPath, CLI, 'check', '1', '--lang', 'en', '--docker-host', 'ssh://root@192.0.2.3']), remote.env());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^lab: Cannot connect to Docker at ssh:\/\/root@192\.0\.2\.3 \(ssh: connect to host 192\.0\.2\.3 port 22: .*\)/)]);
  });

  test('the ssh code is loaded for an ssh:// engine (and, per one-inspect.test.ts, only then)', async () => {
    const trace = join(remote.dir, 'imports.txt');
    writeFileSync(trace, '');
    const r = await run(remote.exec([process.execPath, CLI, 'doctor', '1']), { ...remote.env(), TRACE_IMPORTS_FILE: trace, NODE_OPTIONS: `--import=${join(CLI, '../../../test/e2e/fixtures/trace-imports.mjs')}` });
    expect(r.code).toBe(0);
    const imported = readFileSync(trace, 'utf8').split('\n');
    expect(imported.filter((s) => s.includes('docker-ssh'))).not.toEqual([]);
    expect(imported).not.toContain('ssh2');
  });
});

describe('a port published on one of the VM\'s own addresses', () => {
  const h = engineHelpers('ssh', remote, opts);
  afterEach(async () => {
    await h.removeAllBut({ containers: new Set(), volumes: new Set() });
  });

  test('port-published fails as on a local engine; the logins end in error and name the VM', async () => {
    const c = casesOf(join(LABS, '01-mysql')).find((x) => x.name === 'loopback-port')!;
    await h.apply(c);
    const r = await h.grade('1');
    const checks = checksOf(r);
    const status = Object.fromEntries(checks.map((x) => [x.id, x.status]));
    expect(status['port-published']).toBe('fail');
    expect(status['db-login']).toBe('error');
    expect(status['db-root-login']).toBe('error');
    expect(checks.filter((x) => x.status === 'fail').map((x) => x.id)).toEqual(['port-published']);
    expect(checks.find((x) => x.id === 'db-login')!.message).toBe(`3306/tcp is published on 127.0.0.1 only, an address of ${remote.ip} (where the engine runs) that cannot be reached from this machine.`);
    expect(checks.find((x) => x.id === 'db-login')!.hint).toContain(`run lab on ${remote.ip} itself`);
    // A failed check outweighs the ones the grader could not make.
    expect(r.code).toBe(1);
  });

  test("on [::] only, while the VM is known by IPv4 alone (lab 1's ipv6-short-id alternative): nothing fails; the logins end in error", async () => {
    const c = casesOf(join(LABS, '01-mysql')).find((x) => x.name === 'ipv6-short-id')!;
    await h.apply(c);
    const checks = checksOf(await h.grade('1'));
    expect(checks.filter((x) => x.status === 'fail')).toEqual([]);
    expect(checks.filter((x) => x.status === 'error').map((x) => x.id).sort()).toEqual(['db-login', 'db-root-login']);
    expect(checks.find((x) => x.id === 'db-login')!.message).toBe(`3306/tcp is published on :: only, an address of ${remote.ip} (where the engine runs) that cannot be reached from this machine.`);
  });

  test("on the VM's docker0 (lab 1's host-ip alternative): nothing fails; the logins end in error, never dialled here", async () => {
    const c = casesOf(join(LABS, '01-mysql')).find((x) => x.name === 'host-ip')!;
    await h.apply(c);
    const checks = checksOf(await h.grade('1'));
    expect(checks.filter((x) => x.status === 'fail')).toEqual([]);
    expect(checks.filter((x) => x.status === 'error').map((x) => x.id).sort()).toEqual(['db-login', 'db-root-login']);
    expect(checks.find((x) => x.id === 'db-login')!.message).toMatch(new RegExp(`^3306/tcp is published on 172\\.\\d+\\.\\d+\\.\\d+ only, an address of ${remote.ip.replaceAll('.', '\\.')} \\(where the engine runs\\)`));
  });
});

labSuites('a remote engine over ssh', remote, opts);

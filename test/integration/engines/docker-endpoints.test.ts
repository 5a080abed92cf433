import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { casesOf, LABS, verdict, type Case } from '../../labs/harness.js';
import { checksOf, CLI, expectNoStack, expectOneLine, expectUngradedReport, lab, run } from '../docker/drill-helpers.js';
import { PrivateDockerd } from '../docker/private-dockerd.js';
import { contextDigest } from '../../../src/targets/docker-endpoint.js';
import { underEngineLock } from './engine-labs.js';
import { makeTlsCerts } from './tls-certs.js';

/**
 * The engine is reached as the docker CLI reaches it: contexts from config.json and
 * DOCKER_CONTEXT, --docker-context over DOCKER_HOST, and a second real dockerd that only
 * speaks TLS on a loopback port, graded with lab 1's solution and a known mistake.
 */
const work = mkdtempSync('/tmp/lg-endpoints-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A DOCKER_CONFIG folder with these contexts (name → host) and, optionally, a current one. */
function dockerConfig(name: string, contexts: Record<string, string>, current?: string, tls?: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: {}, ...(current ? { currentContext: current } : {}) }));
  for (const [context, host] of Object.entries(contexts)) {
    const meta = join(dir, 'contexts', 'meta', contextDigest(context));
    mkdirSync(meta, { recursive: true });
    writeFileSync(join(meta, 'meta.json'), JSON.stringify({ Name: context, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
    if (tls?.[context]) {
      const material = join(dir, 'contexts', 'tls', contextDigest(context), 'docker');
      mkdirSync(material, { recursive: true });
      for (const f of ['ca.pem', 'cert.pem', 'key.pem']) copyFileSync(join(tls[context], f), join(material, f));
    }
  }
  return dir;
}

const REAL = 'unix:///var/run/docker.sock';
const NOWHERE = 'unix:///nonexistent/lab-grader/docker.sock';
const noEngineEnv = { DOCKER_HOST: '', DOCKER_CONTEXT: '', DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '' };

describe('docker contexts on the real engine', () => {
  const config = dockerConfig('contexts', { real: REAL, broken: NOWHERE }, 'real');
  /** lab doctor says which engine it reached and why; exit 0 means it answered. */
  const reached = async (args: string[], env: NodeJS.ProcessEnv, line: string) => {
    const r = await lab(['doctor', '1', '--lang', 'en', ...args], env);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[1]).toBe(`  ✔ Engine ${line}`);
    expect(r.code).toBe(0);
  };

  test('currentContext in config.json reaches the engine its meta.json names', async () => {
    await reached([], { ...noEngineEnv, DOCKER_CONFIG: config }, `${REAL} (context real), chosen by currentContext in ${config}/config.json`);
    const r = await lab(['check', '1', '--lang', 'en'], { ...noEngineEnv, DOCKER_CONFIG: config, DOCKER_CONTEXT: 'broken' });
    expectOneLine(r, new RegExp(`^lab: Cannot connect to Docker at ${NOWHERE} \\(context broken\\) \\(ENOENT\\)`));
  });

  test('--docker-context beats DOCKER_HOST and config.json; --docker-host beats them all', async () => {
    await reached(['--docker-context', 'real'], { ...noEngineEnv, DOCKER_CONFIG: config, DOCKER_HOST: NOWHERE }, `${REAL} (context real), chosen by the --docker-context option`);
    await reached(['--docker-host', REAL], { ...noEngineEnv, DOCKER_CONFIG: config, DOCKER_CONTEXT: 'broken' }, `${REAL}, chosen by the --docker-host option`);
    // lab grade takes the same flags; an engine it cannot reach is an ungraded lab, not a stop.
    const graded = await lab(['grade', '1', '--format', 'json', '--lang', 'en', '--docker-context', 'broken'], { ...noEngineEnv, DOCKER_CONFIG: config, DOCKER_HOST: REAL });
    expect(graded.code).toBe(2);
    expect(JSON.parse(graded.stdout).labs[0]).toMatchObject({ status: 'error', error: expect.stringMatching(/^Cannot connect to Docker at .* \(context broken\)/) });
    const r = await lab(['check', '1', '--lang', 'en', '--docker-context', 'broken'], { ...noEngineEnv, DOCKER_CONFIG: config, DOCKER_HOST: REAL });
    expectOneLine(r, /^lab: Cannot connect to Docker at .* \(context broken\)/);
  });

  test('an unknown context, both flags, and an unreadable config.json: exit 2, one line, in each language', async () => {
    expectOneLine(await lab(['check', '1', '--lang', 'en'], { ...noEngineEnv, DOCKER_CONFIG: config, DOCKER_CONTEXT: 'colima' }),
      /^lab: There is no Docker context "colima" \(the DOCKER_CONTEXT variable\)\. "docker context ls" lists them/);
    expectOneLine(await lab(['check', '1', '--lang', 'es', '--docker-context', 'colima'], { ...noEngineEnv, DOCKER_CONFIG: config }),
      /^lab: No existe el contexto de Docker "colima" \(la opción --docker-context\)/);
    expectOneLine(await lab(['check', '1', '--lang', 'en', '--docker-context', 'real', '--docker-host', REAL], { ...noEngineEnv }),
      /^lab: Give --docker-host or --docker-context, not both\.$/);
    const bad = join(work, 'bad-config');
    mkdirSync(bad);
    writeFileSync(join(bad, 'config.json'), '{"currentContext": ');
    const r = await lab(['check', '1', '--lang', 'en'], { ...noEngineEnv, DOCKER_CONFIG: bad });
    expectOneLine(r, new RegExp(`^lab: Cannot read ${bad}/config\\.json: .*Fix the file or point DOCKER_CONFIG at another folder\\.$`));
    expectNoStack(r);
  });
});

describe('a second dockerd that speaks only TLS on a loopback port', () => {
  const engine = new PrivateDockerd();
  const certs = join(work, 'certs');
  const TLS_HOST = 'tcp://127.0.0.1:2376';
  let tlsEnv: NodeJS.ProcessEnv;
  let contexts: string;

  beforeAll(async () => {
    makeTlsCerts(certs);
    await engine.start(['mysql:5.7'], [
      '--host', TLS_HOST, '--tlsverify',
      '--tlscacert', join(certs, 'ca.pem'), '--tlscert', join(certs, 'server-cert.pem'), '--tlskey', join(certs, 'server-key.pem'),
    ]);
    tlsEnv = { ...noEngineEnv, DOCKER_HOST: TLS_HOST, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs };
    contexts = dockerConfig('tls-contexts', { remote: TLS_HOST, nocerts: TLS_HOST }, undefined, { remote: certs });
  }, 300_000);
  afterAll(async () => {
    await engine.remove();
  });

  /** The grader runs in the engine's network namespace, where its loopback port and published ports are. */
  const gradeThere = (args: string[], env: NodeJS.ProcessEnv) =>
    run(engine.exec([process.execPath, CLI, 'check', '1', '--format', 'json', '--lang', 'en', '--timeout', '60', ...args]), env);

  async function applyThere(c: Case) {
    const dir = mkdtempSync(join(engine.dir, `${c.name}-`));
    // The shared lock: this engine's ports are its own, but every container start takes it.
    const [cmd, ...args] = underEngineLock(['sh', join(c.dir, 'run.sh')]);
    execFileSync(cmd, args, { cwd: dir, env: { ...process.env, DOCKER_HOST: engine.host }, stdio: ['ignore', 'ignore', 'pipe'] });
  }

  function expectVerdict(c: Case, r: Awaited<ReturnType<typeof run>>) {
    expect(r.stderr).toBe('');
    const v = verdict(c, checksOf(r), ['data-survives-recreate']);
    expect(v.errored).toEqual([]);
    expect(v.failed).toEqual([...(c.expect?.fail ?? [])].sort());
    expect(v.missingHints).toEqual([]);
    expect(v.wrongHints).toEqual([]);
    expect(r.code).toBe(c.expect ? 1 : 0);
  }

  test("lab 1's solution passes through DOCKER_HOST with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, and through a context's TLS material", async () => {
    const solution = casesOf(join(LABS, '01-mysql'))[0];
    await applyThere(solution);
    expectVerdict(solution, await gradeThere([], tlsEnv));
    expectVerdict(solution, await gradeThere(['--docker-context', 'remote'], { ...noEngineEnv, DOCKER_CONFIG: contexts }));
  });

  test('lab doctor names the TLS endpoint and what chose it', async () => {
    const r = await run(engine.exec([process.execPath, CLI, 'doctor', '1', '--lang', 'en']), tlsEnv);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([
      'Docker',
      `  ✔ Engine ${TLS_HOST}, chosen by the DOCKER_HOST variable`,
      expect.stringMatching(/^ {2}✔ Docker Engine \S+ \(API 1\.\d+\), rootful$/),
    ]);
    expect(r.code).toBe(0);
  });

  test('without a client certificate, or without the CA, the engine refuses: exit 2, one line', async () => {
    const r = await gradeThere(['--docker-context', 'nocerts'], { ...noEngineEnv, DOCKER_CONFIG: contexts });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^lab: Cannot connect to Docker at tcp:\/\/127\.0\.0\.1:2376 \(context nocerts\)/)]);
    expectUngradedReport(r, r.stderr.trim());
    const missing = await gradeThere([], { ...tlsEnv, DOCKER_CERT_PATH: join(work, 'no-certs-here') });
    expect(missing.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^lab: Cannot read the TLS file .*no-certs-here\/ca\.pem for tcp:\/\/127\.0\.0\.1:2376 \(ENOENT\)/)]);
  });

  test('a port published on the loopback of an engine on this machine is told apart as on the default socket', async () => {
    engine.cli(['rm', '-f', 'mimysql']);
    const wrong = casesOf(join(LABS, '01-mysql')).find((c) => c.name === 'loopback-port')!;
    await applyThere(wrong);
    expectVerdict(wrong, await gradeThere([], tlsEnv));
  });
});

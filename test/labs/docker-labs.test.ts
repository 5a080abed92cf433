import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import mysql from 'mysql2/promise';
import { caseAt, setupOf } from '../../src/selftest/cases.js';
import { applyDockerCase } from '../../src/selftest/docker-apply.js';
import { removeAllBut as removeAllNew, snapshot as engineSnapshot, type EngineSnapshot } from '../../src/selftest/docker-snapshot.js';
import { casesOf, grade, LABS, ROOT, sh, verdict, type Case } from './harness.js';

/**
 * Every Docker lab's solution, alternatives and wrong variants, applied to the real
 * engine and graded by the built CLI. Containers and volumes a case creates are
 * removed after it (networks too); lab 2 runs on top of lab 1's reference solution.
 */
const docker = new Docker();

const GRADE_ARGS = ['--timeout', '30'];
const DEEP_IDS = ['data-survives-recreate', 'stop-graceful'];

// Snapshots, clean-up and applying a case are lab selftest's own (src/selftest): one harness, not two.
const snapshot = () => engineSnapshot(docker);
const removeAllBut = (keep: EngineSnapshot) => removeAllNew(docker, keep);
const apply = (c: Case) => applyDockerCase(c);

let initial: EngineSnapshot;
const dirs: string[] = [];
beforeAll(async () => {
  initial = await snapshot();
});
afterAll(async () => {
  await removeAllBut(initial);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function expectVerdict(c: Case, checks: Parameters<typeof verdict>[1], code: number, deep = false) {
  const v = verdict(c, checks, deep ? [] : DEEP_IDS);
  expect(v.errored).toEqual([]);
  if (c.kind === 'wrong') {
    expect(v.failed).toEqual([...c.expect!.fail].sort());
    expect(v.skipped).toEqual([...(c.expect!.skip ?? [])].sort());
    expect(v.missingHints).toEqual([]);
    expect(v.wrongHints).toEqual([]);
    expect(v.wrongActuals).toEqual([]);
    expect(code).toBe(1);
  } else {
    expect(v.failed).toEqual([]);
    expect(v.skipped).toEqual([]);
    expect(code).toBe(0);
  }
}

describe.each([['01-mysql', '1'], ['02-wordpress', '2'], ['05-fedora', '5'], ['06-image', '6'], ['07-network', '7']])('lab %s against the real Docker engine', (folder, id) => {
  let baseline: EngineSnapshot;

  beforeAll(async () => {
    // What the lab's selftest.yaml sets up first (lab 2's WordPress needs lab 1's database, reached through the host).
    for (const before of setupOf(join(LABS, folder)).before ?? []) {
      dirs.push(await apply(caseAt(join(LABS, folder, before.case))));
      if (!before.passes) continue;
      const { checks } = await grade(before.passes, GRADE_ARGS);
      expect(checks.filter((c) => c.status === 'fail')).toEqual([]);
    }
    baseline = await snapshot();
  });

  afterEach(async () => {
    await removeAllBut(baseline);
  });

  afterAll(async () => {
    await removeAllBut(initial);
  });

  test.each(casesOf(join(LABS, folder)).map((c) => [`${c.kind} ${c.name}`, c] as const))('%s', async (_, c) => {
    dirs.push(await apply(c));
    const { run, checks } = await grade(id, GRADE_ARGS);
    expectVerdict(c, checks, run.code);
  });
});

describe('lab 1 --deep', () => {
  const cases = casesOf(join(LABS, '01-mysql'));
  const ROWS = ['Ana Núñez', "O'Brien", 'Zoë'];

  /** The student's own data, written before the grader runs. */
  async function writeRows() {
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'usuario', password: 'password', database: 'curso', charset: 'utf8mb4' });
    try {
      await conn.query('CREATE TABLE alumnos (nombre VARCHAR(64)) CHARACTER SET utf8mb4');
      for (const name of ROWS) await conn.query('INSERT INTO alumnos VALUES (?)', [name]);
    } finally {
      await conn.end();
    }
  }

  async function readRows(): Promise<string[]> {
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'usuario', password: 'password', database: 'curso', charset: 'utf8mb4' });
    try {
      const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT nombre FROM alumnos ORDER BY nombre');
      return rows.map((r) => String(r.nombre));
    } finally {
      await conn.end();
    }
  }

  /** What happened to containers named mimysql (or its backup) since then, per the engine's event stream. */
  async function containerActions(since: number): Promise<string[]> {
    await new Promise((r) => setTimeout(r, 1000));
    const stream = await docker.getEvents({ since: Math.floor(since), until: Math.ceil(Date.now() / 1000), filters: { type: ['container'] } });
    let text = '';
    for await (const chunk of stream) text += chunk;
    return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { Action: string; time: number; timeNano: number; Actor: { Attributes: { name?: string } } })
      .filter((e) => e.timeNano / 1e9 >= since && /^mimysql(-lab-grader-original)?$/.test(e.Actor.Attributes.name ?? ''))
      .map((e) => e.Action.split(':')[0]);
  }
  afterEach(async () => {
    await removeAllBut(initial);
  });

  test('the solution survives a recreate, and is left as it was found: same container, running, the student\'s rows intact', async () => {
    dirs.push(await apply(cases.find((c) => c.kind === 'solution')!));
    await grade('1', GRADE_ARGS); // waits until MySQL is up
    await writeRows();
    const before = await docker.getContainer('mimysql').inspect();
    const since = Date.now() / 1000;
    const { run, checks } = await grade('1', ['--deep', ...GRADE_ARGS]);
    expectVerdict(cases[0], checks, run.code, true);
    expect(checks.find((c) => c.id === 'data-survives-recreate')?.status).toBe('pass');
    const after = await docker.getContainer('mimysql').inspect();
    expect(after.Id).toBe(before.Id);
    expect(after.State.Running).toBe(true);
    expect((await docker.listContainers({ all: true })).flatMap((c) => c.Names)).not.toContain('/mimysql-lab-grader-original');
    // Only --deep changes anything, and the event stream shows it did: the original stopped and
    // renamed away, a copy created, started and removed, the original renamed back and started.
    const actions = await containerActions(since);
    expect(actions).toEqual(expect.arrayContaining(['stop', 'rename', 'create', 'start', 'destroy']));
    expect(await readRows()).toEqual(ROWS);
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: 'password' });
    try {
      const [tables] = await conn.query<mysql.RowDataPacket[]>('SHOW TABLES FROM curso');
      expect(tables.map((t) => Object.values(t)[0])).not.toContain('lab_grader_marker');
    } finally {
      await conn.end();
    }
  });

  test('Ctrl-C in the middle of the recreate still puts the original container back', async () => {
    dirs.push(await apply(cases.find((c) => c.kind === 'solution')!));
    await grade('1', GRADE_ARGS);
    const before = await docker.getContainer('mimysql').inspect();
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'check', '1', '--deep', '--verbose', '--lang', 'en'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      if (stderr.includes('recreating container') && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(stderr).toContain('One moment: putting your container back as it was.');
    expect(code).toBe(130);
    const after = await docker.getContainer('mimysql').inspect();
    expect(after.Id).toBe(before.Id);
    expect(after.State.Running).toBe(true);
    expect((await docker.listContainers({ all: true })).flatMap((c) => c.Names)).not.toContain('/mimysql-lab-grader-original');
  });

  test('a volume on /var/lib/mysql while MySQL keeps its data elsewhere (--datadir): the data is lost, and the deep check fails', async () => {
    const work = mkdtempSync(join(tmpdir(), 'lab-1-datadir-'));
    dirs.push(work);
    writeFileSync(join(work, 'run.sh'), 'docker run -d --name mimysql -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -p 3306:3306 -v mimysql-datos:/var/lib/mysql mysql:5.7 --datadir=/srv/mysql\n');
    const applied = await sh(join(work, 'run.sh'), work);
    if (applied.code !== 0) throw new Error(applied.stderr);
    await grade('1', GRADE_ARGS);
    const before = await docker.getContainer('mimysql').inspect();
    const { run, checks } = await grade('1', ['--deep', ...GRADE_ARGS]);
    // Everything the configuration shows is right; only recreating the container proves otherwise.
    expect(checks.filter((x) => x.status !== 'pass').map((x) => [x.id, x.status])).toEqual([['data-survives-recreate', 'fail']]);
    expect(checks.find((x) => x.id === 'data-survives-recreate')).toMatchObject({
      message: 'After recreating the container, the data in /var/lib/mysql was gone.',
      hint: expect.stringContaining('Keep /var/lib/mysql on the host'),
    });
    expect(run.code).toBe(1);
    const after = await docker.getContainer('mimysql').inspect();
    expect([after.Id, after.State.Running]).toEqual([before.Id, true]);
  });

  test.each([
    ['no -v (an anonymous volume)', () => apply(cases.find((x) => x.name === 'no-volume')!)],
    ['--tmpfs (only in memory)', async () => {
      const work = mkdtempSync(join(tmpdir(), 'lab-1-tmpfs-'));
      writeFileSync(join(work, 'run.sh'), 'docker run -d --name mimysql -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -p 3306:3306 --tmpfs /var/lib/mysql mysql:5.7\n');
      const run = await sh(join(work, 'run.sh'), work);
      if (run.code !== 0) throw new Error(run.stderr);
      return work;
    }],
    ['--rm (stopping it would delete it)', async () => {
      const work = mkdtempSync(join(tmpdir(), 'lab-1-rm-'));
      writeFileSync(join(work, 'run.sh'), 'docker run -d --rm --name mimysql -e MYSQL_ROOT_PASSWORD=password -e MYSQL_DATABASE=curso -e MYSQL_USER=usuario -e MYSQL_PASSWORD=password -p 3306:3306 -v "$PWD/mysql-data:/var/lib/mysql" mysql:5.7\n');
      const run = await sh(join(work, 'run.sh'), work);
      if (run.code !== 0) throw new Error(run.stderr);
      return work;
    }],
  ])('it refuses to recreate a container where that could lose data (%s): not graded, never failed, and touches nothing', async (what, create) => {
    dirs.push(await create());
    await grade('1', GRADE_ARGS);
    await writeRows();
    const before = await docker.getContainer('mimysql').inspect();
    const since = Date.now() / 1000;
    const { run, checks } = await grade('1', ['--deep', ...GRADE_ARGS]);
    // The refusal is the grader's own limit: not graded (error), and its points never count against the student.
    const deep = checks.find((x) => x.id === 'data-survives-recreate');
    expect(deep?.status).toBe('error');
    expect(deep?.message).toMatch(/^Not recreating/);
    expect(checks.filter((x) => x.status === 'fail').map((x) => x.id)).toEqual(what.startsWith('--rm') ? [] : ['data-volume']);
    const report = JSON.parse(run.stdout) as { labs: { ungradedPoints: number; incomplete: boolean }[] };
    expect(report.labs[0]).toMatchObject({ ungradedPoints: 2, incomplete: true });
    expect(run.code).toBe(what.startsWith('--rm') ? 2 : 1);
    const after = await docker.getContainer('mimysql').inspect();
    expect(after.Id).toBe(before.Id);
    expect(after.State.StartedAt).toBe(before.State.StartedAt);
    expect(await containerActions(since)).toEqual([]);
    expect(await readRows()).toEqual(ROWS);
  });

});

describe('lab 5 --deep', () => {
  const cases = casesOf(join(LABS, '05-fedora'));
  const byName = (name: string) => cases.find((c) => c.name === name)!;

  /** What happened to containers named mifedora since then, per the engine's event stream. */
  async function actions(since: number): Promise<string[]> {
    await new Promise((r) => setTimeout(r, 1000));
    const stream = await docker.getEvents({ since: Math.floor(since), until: Math.ceil(Date.now() / 1000), filters: { type: ['container'] } });
    let text = '';
    for await (const chunk of stream) text += chunk;
    return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { Action: string; timeNano: number; Actor: { Attributes: { name?: string } } })
      .filter((e) => e.timeNano / 1e9 >= since && e.Actor.Attributes.name === 'mifedora')
      .map((e) => e.Action.split(':')[0]);
  }

  afterEach(async () => {
    await removeAllBut(initial);
  });

  test.each(['solution', 'terminal-attach', 'trap-term'])('%s ends on its stop signal within the grace period, and is started again: same container, running', async (name) => {
    const c = name === 'solution' ? cases[0] : byName(name);
    dirs.push(await apply(c));
    const before = await docker.getContainer('mifedora').inspect();
    const since = Date.now() / 1000;
    const { run, checks } = await grade('5', ['--deep', ...GRADE_ARGS]);
    expectVerdict(c, checks, run.code, true);
    const deep = checks.find((x) => x.id === 'stop-graceful');
    expect(deep?.status).toBe('pass');
    expect(deep?.message).toMatch(/^mifedora ended \d+\.\d s after SIG(TERM|HUP) \(exit code \d+\); it has been started again\.$/);
    const after = await docker.getContainer('mifedora').inspect();
    expect([after.Id, after.State.Running]).toEqual([before.Id, true]);
    expect(after.State.StartedAt).not.toBe(before.State.StartedAt);
    expect(await actions(since)).toEqual(expect.arrayContaining(['kill', 'die', 'stop', 'start']));
  });

  test.each([
    ['bash on a terminal (-it), no --stop-signal', 'separate-flags', ['interactive bash (-it) ignores SIGTERM', '--stop-signal SIGHUP']],
    ['sleep as PID 1 (exec), no --init', 'exec-sleep', ['PID 1 gets no default action', 'Start it with --init']],
  ])('%s ignores SIGTERM: killed after the grace period, the hint says why, and it is started again', async (_, name, hints) => {
    if (name === 'exec-sleep') {
      const work = mkdtempSync(join(tmpdir(), 'lab-5-exec-sleep-'));
      dirs.push(work);
      writeFileSync(join(work, 'run.sh'), `docker run -d --name mifedora fedora:40 bash -c 'echo "Hola desde Fedora"; exec sleep infinity'\n`);
      const applied = await sh(join(work, 'run.sh'), work);
      if (applied.code !== 0) throw new Error(applied.stderr);
    } else {
      dirs.push(await apply(byName(name)));
    }
    const before = await docker.getContainer('mifedora').inspect();
    const { run, checks } = await grade('5', ['--deep', ...GRADE_ARGS]);
    // Everything else is right; only stopping it shows PID 1 ignores SIGTERM.
    expect(checks.filter((x) => x.status !== 'pass').map((x) => [x.id, x.status])).toEqual([['stop-graceful', 'fail']]);
    const deep = checks.find((x) => x.id === 'stop-graceful')!;
    expect(deep.message).toMatch(/^mifedora did not end on SIGTERM: .* after the 10 s grace period/);
    expect(deep.actual).toMatch(/^killed by SIGKILL after 1\d\.\d s \(exit code 137\)$/);
    for (const h of hints) expect(deep.hint).toContain(h);
    expect(run.code).toBe(1);
    const after = await docker.getContainer('mifedora').inspect();
    expect([after.Id, after.State.Running]).toEqual([before.Id, true]);
  });

  test('Ctrl-C while docker stop waits out the grace period still starts the container again', async () => {
    dirs.push(await apply(byName('separate-flags')));
    const before = await docker.getContainer('mifedora').inspect();
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'check', '5', '--deep', '--verbose', '--lang', 'en'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      if (stderr.includes('stopping container to time its PID 1') && !child.killed) setTimeout(() => child.kill('SIGINT'), 500);
    });
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(stderr).toContain('One moment: putting your container back as it was.');
    expect(code).toBe(130);
    const after = await docker.getContainer('mifedora').inspect();
    expect([after.Id, after.State.Running]).toEqual([before.Id, true]);
  });

  test('a container created with --rm is not stopped (it would be deleted): not graded, and nothing touched', async () => {
    const work = mkdtempSync(join(tmpdir(), 'lab-5-rm-'));
    dirs.push(work);
    writeFileSync(join(work, 'run.sh'), `docker run -d --rm --init --name mifedora fedora:40 bash -c 'echo "Hola desde Fedora"; sleep infinity'\n`);
    const applied = await sh(join(work, 'run.sh'), work);
    if (applied.code !== 0) throw new Error(applied.stderr);
    const before = await docker.getContainer('mifedora').inspect();
    const since = Date.now() / 1000;
    const { run, checks } = await grade('5', ['--deep', ...GRADE_ARGS]);
    const deep = checks.find((x) => x.id === 'stop-graceful');
    expect([deep?.status, deep?.message]).toEqual(['error', 'Not stopping mifedora: it was created with --rm, so stopping it would delete it.']);
    expect(checks.filter((x) => x.status === 'fail')).toEqual([]);
    expect(run.code).toBe(2);
    const after = await docker.getContainer('mifedora').inspect();
    expect([after.Id, after.State.StartedAt]).toEqual([before.Id, before.State.StartedAt]);
    // Only reads: os-release through the archive API (the link, then its target) and docker top.
    expect((await actions(since)).sort()).toEqual(['archive-path', 'archive-path', 'top']);
  });
});

describe('lab 6 --deep', () => {
  const cases = casesOf(join(LABS, '06-image'));
  const byName = (name: string) => cases.find((c) => c.name === name)!;

  afterEach(async () => {
    await removeAllBut(initial);
  });

  test.each(['solution', 'gunicorn-create-start', 'flask-run-user-flag', 'init-script-exec'])('%s: docker stop ends the app on SIGTERM well within the grace period, and it is started again, answering', async (name) => {
    const c = name === 'solution' ? cases[0] : byName(name);
    dirs.push(await apply(c));
    await grade('6', GRADE_ARGS); // waits until the app answers
    const before = await docker.getContainer('miclasificador').inspect();
    const { run, checks } = await grade('6', ['--deep', ...GRADE_ARGS]);
    expectVerdict(c, checks, run.code, true);
    const deep = checks.find((x) => x.id === 'stop-graceful')!;
    expect(deep.status).toBe('pass');
    const took = Number(/ended (\d+\.\d) s after SIGTERM/.exec(deep.message ?? '')?.[1]);
    expect(took).toBeLessThan(2);
    const after = await docker.getContainer('miclasificador').inspect();
    expect([after.Id, after.State.Running]).toEqual([before.Id, true]);
    expect(after.State.StartedAt).not.toBe(before.State.StartedAt);
    // Put back as it was: graded again, the restarted app answers and logs as before.
    const again = await grade('6', GRADE_ARGS);
    expectVerdict(c, again.checks, again.run.code);
  });

  test('shell-form CMD: /bin/sh as PID 1 keeps SIGTERM from the app, so docker stop kills it; the message names the shell, the hint the exec form, and it is started again', async () => {
    const c = byName('shell-form-cmd');
    dirs.push(await apply(c));
    await grade('6', GRADE_ARGS);
    const before = await docker.getContainer('miclasificador').inspect();
    const { run, checks } = await grade('6', ['--deep', ...GRADE_ARGS]);
    expect(checks.filter((x) => x.status !== 'pass').map((x) => [x.id, x.status])).toEqual([['pid1-exec-form', 'fail'], ['stop-graceful', 'fail']]);
    const deep = checks.find((x) => x.id === 'stop-graceful')!;
    expect(deep.actual).toMatch(/^killed by SIGKILL after 3\.\d s \(exit code 137\)$/);
    expect(deep.message).toContain('its PID 1 (/bin/sh -c python app.py) was still there after the 3 s grace period');
    expect(deep.hint).toContain('CMD in exec form, CMD ["python", "app.py"]');
    expect(run.code).toBe(1);
    const after = await docker.getContainer('miclasificador').inspect();
    expect([after.Id, after.State.Running]).toEqual([before.Id, true]);
  });
});

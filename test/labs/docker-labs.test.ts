import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import mysql from 'mysql2/promise';
import { casesOf, grade, LABS, ROOT, sh, verdict, type Case } from './harness.js';

/**
 * Every Docker lab's solution, alternatives and wrong variants, applied to the real
 * engine and graded by the built CLI. Containers and volumes a case creates are
 * removed after it; lab 2 runs on top of lab 1's reference solution.
 */
const docker = new Docker();

const GRADE_ARGS = ['--timeout', '30'];
const DEEP_IDS = ['data-survives-recreate'];

async function snapshot() {
  const containers = new Set((await docker.listContainers({ all: true })).map((c) => c.Id));
  const volumes = new Set(((await docker.listVolumes()).Volumes ?? []).map((v) => v.Name));
  return { containers, volumes };
}

async function removeAllBut(keep: Awaited<ReturnType<typeof snapshot>>) {
  for (const c of await docker.listContainers({ all: true })) {
    if (!keep.containers.has(c.Id)) await docker.getContainer(c.Id).remove({ force: true, v: true });
  }
  for (const v of (await docker.listVolumes()).Volumes ?? []) {
    if (!keep.volumes.has(v.Name)) await docker.getVolume(v.Name).remove().catch(() => undefined);
  }
}

/** Applies a case in a fresh working folder, as a student would from their home. */
async function apply(c: Case): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), `lab-${c.lab}-${c.name}-`));
  const run = await sh(join(c.dir, 'run.sh'), work);
  if (run.code !== 0) throw new Error(`${c.dir}/run.sh failed: ${run.stderr}`);
  return work;
}

let initial: Awaited<ReturnType<typeof snapshot>>;
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
    expect(code).toBe(1);
  } else {
    expect(v.failed).toEqual([]);
    expect(v.skipped).toEqual([]);
    expect(code).toBe(0);
  }
}

describe.each([['01-mysql', '1'], ['02-wordpress', '2']])('lab %s against the real Docker engine', (folder, id) => {
  let baseline: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    if (id === '2') {
      // WordPress needs lab 1's database, reached through the host.
      dirs.push(await apply(casesOf(join(LABS, '01-mysql'))[0]));
      const { checks } = await grade('1', GRADE_ARGS);
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
  afterEach(async () => {
    await removeAllBut(initial);
  });

  test('the solution survives a recreate, and is left as it was found', async () => {
    dirs.push(await apply(cases.find((c) => c.kind === 'solution')!));
    await grade('1', GRADE_ARGS); // waits until MySQL is up
    const before = await docker.getContainer('mimysql').inspect();
    const { run, checks } = await grade('1', ['--deep', ...GRADE_ARGS]);
    expectVerdict(cases[0], checks, run.code, true);
    expect(checks.find((c) => c.id === 'data-survives-recreate')?.status).toBe('pass');
    const after = await docker.getContainer('mimysql').inspect();
    expect(after.Id).toBe(before.Id);
    expect(after.State.Running).toBe(true);
    expect((await docker.listContainers({ all: true })).flatMap((c) => c.Names)).not.toContain('/mimysql-lab-grader-original');
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

  test('it refuses to recreate a container whose data is not on a volume, and touches nothing', async () => {
    const c = cases.find((x) => x.name === 'no-volume')!;
    dirs.push(await apply(c));
    await grade('1', GRADE_ARGS);
    const before = await docker.getContainer('mimysql').inspect();
    const { checks } = await grade('1', ['--deep', ...GRADE_ARGS]);
    expect(checks.filter((x) => x.status === 'fail').map((x) => x.id).sort()).toEqual(['data-survives-recreate', 'data-volume']);
    expect(checks.find((x) => x.id === 'data-survives-recreate')?.message).toMatch(/Not recreating/);
    const after = await docker.getContainer('mimysql').inspect();
    expect(after.Id).toBe(before.Id);
    expect(after.State.StartedAt).toBe(before.State.StartedAt);
  });
});

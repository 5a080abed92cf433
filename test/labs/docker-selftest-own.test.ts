import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { LABS, runCli } from './harness.js';

/**
 * `lab selftest --labs DIR` on an instructor's own lab folder (a trimmed copy of lab 1 whose
 * wrong/no-tag names the wrong check): the mismatch and the checks no wrong variant fails are
 * reported, as a table and as JUnit, with exit 1; what is in the way is refused, or with --force
 * set aside and put back. Run it alone on the engine (/tmp/lab-grader-docker.lock).
 */
const docker = new Docker();
let own: string;

beforeAll(() => {
  own = mkdtempSync(join(tmpdir(), 'lab-selftest-own-'));
  const lab = join(own, '01-mysql');
  const src = join(LABS, '01-mysql');
  for (const part of ['lab.yaml', 'task.es.md', 'task.en.md', 'solution', 'alternatives/named-volume', 'wrong/no-tag', 'wrong/not-started']) {
    cpSync(join(src, part), join(lab, part), { recursive: true });
  }
  // The instructor's slip: no-tag fails image-pinned, not port-published.
  writeFileSync(join(lab, 'wrong/no-tag/expect.yaml'), 'fail: [port-published]\n');
});
afterAll(() => rmSync(own, { recursive: true, force: true }));

test('a name in use (the user\'s own mimysql) is refused without --force, and nothing is touched', async () => {
  const mine = await docker.createContainer({ name: 'mimysql', Image: 'mysql:5.7' });
  try {
    const run = await runCli(['selftest', '--labs', own, '--lang', 'en']);
    expect(run.stderr).toBe('lab: Testing lab 1 would clobber what you have: container mimysql (name mimysql). Remove or rename it, or use --force to set it aside for the test and put it back afterwards.\n');
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect((await mine.inspect()).Name).toBe('/mimysql');
  } finally {
    await mine.remove({ force: true });
  }
});

test('a host port held by something other than a container is refused even with --force', async () => {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(3306, r));
  try {
    const run = await runCli(['selftest', '--labs', own, '--force', '--lang', 'en']);
    expect(run.stderr).toContain('lab: Testing lab 1 needs what is in use: port 3306.');
    expect(run.code).toBe(2);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test('--force --format junit: the broken expect.yaml and the checks no wrong variant fails are failures (exit 1), and the user\'s mimysql is back as it was', async () => {
  const mine = await docker.createContainer({ name: 'mimysql', Image: 'mysql:5.7', Labels: { owner: 'the user' } });
  try {
    const run = await runCli(['selftest', '--labs', own, '--force', '--format', 'junit', '--lang', 'en']);
    expect(run.code).toBe(1);
    const xml = run.stdout;
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="lab selftest" tests="6" failures="2" errors="0" skipped="0"/);
    expect(xml).toContain('<testsuite name="1-mysql" tests="6" failures="2"');
    for (const ok of ['(empty environment)', 'solution', 'alternatives/named-volume', 'wrong/not-started']) {
      expect(xml).toMatch(new RegExp(`<testcase classname="selftest.1-mysql" name="${ok.replace(/[()]/g, '\\$&')}" time="[\\d.]+"/>`));
    }
    expect(xml).toContain('<failure message="expected fail port-published; got fail image-pinned">fail: expected [port-published], got [image-pinned]</failure>');
    expect(xml).toMatch(/name="\(every check fails somewhere\)"[^>]*>\n\s*<failure message="expected none always passes; got fails in no wrong variant: container-exists, /);
    const after = await mine.inspect();
    expect([after.Name, after.Config.Labels.owner, after.State.Status]).toEqual(['/mimysql', 'the user', 'created']);
    expect((await docker.listContainers({ all: true })).flatMap((c) => c.Names).filter((n) => n.includes('parked'))).toEqual([]);
  } finally {
    await mine.remove({ force: true });
  }
}, 180_000);

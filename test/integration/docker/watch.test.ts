import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../labs/harness.js';
import { PrivateDockerd } from './private-dockerd.js';
import { LiveWatch } from './watch-live.js';

/**
 * `lab watch 5` on a private engine of its own (so stopping it harms nobody): a container
 * change turns checks green, nothing is asked while nothing happens, the engine going away
 * and coming back is shown and followed, and on a terminal the checklist is redrawn in place.
 */
const engine = new PrivateDockerd();
let watch: LiveWatch | undefined;
const calls = () => engine.logText().match(/msg="Calling (GET|HEAD|POST|PUT|DELETE) [^"]*"/g) ?? [];

beforeAll(async () => {
  await engine.start(['fedora:40']);
}, 180_000);

afterAll(async () => {
  if (watch && watch.child.exitCode === null) watch.child.kill('SIGKILL');
  await engine.remove();
});

test('a container started after the first grade turns its checks green, and an idle watch asks the engine nothing', async () => {
  watch = new LiveWatch(['5'], { DOCKER_HOST: engine.host });
  await watch.waitFor(/^\d\d:\d\d:\d\d Lab 5: Score 0\//);
  const before = watch.lines.length;
  const started = performance.now();
  engine.cli(['run', '-d', '--init', '--name', 'mifedora', 'fedora:40', 'bash', '-c', 'echo "Hola desde Fedora"; sleep infinity']);
  const exists = await watch.waitFor(/lab 5 container-exists: fail → pass/, 20_000, before);
  // Blocked, or failed for a moment when the grade fell between create and start.
  await watch.waitFor(/lab 5 container-running: [a-z]+ → pass/, 20_000, before);
  // From `docker run` (create, start, then the CLI's own return) to the line on screen.
  expect(exists.at - started).toBeLessThan(3000);
  await watch.waitFor(/Lab 5: Score 7\/7/, 30_000, before);

  // Idle: the engine's debug log names every API call; a settled watch makes none.
  await new Promise((r) => setTimeout(r, 1000));
  const idleFrom = calls().length;
  await new Promise((r) => setTimeout(r, 5000));
  expect(calls().slice(idleFrom)).toEqual([]);
});

test('the engine going away is shown, not a crash; when it is back everything is graded again, with no stale verdict', async () => {
  const w = watch!;
  const before = w.lines.length;
  await engine.stop('SIGTERM');
  await w.waitFor(/The Docker engine is not answering/, 20_000, before);
  expect(w.child.exitCode).toBeNull();
  await engine.restart();
  const back = await w.waitFor(/The Docker engine answers again/, 30_000, before);
  // The container did not survive the engine's restart running (no restart policy): it is seen
  // stopped now, whatever was shown while the engine was going away.
  await w.waitFor(/lab 5 container-running: [a-z ]+ → fail: mifedora is not running/, 30_000, back.index);
  await w.waitFor(/Lab 5: Score 5\/7/, 30_000, back.index);
  expect(await w.interrupt()).toBe(1);
  expect(w.stderr).not.toMatch(/at .*\.js:\d+|unexpected error/);
});

test('on a terminal (tmux) the checklist is redrawn in place, and Ctrl-C leaves the cursor shown and exits with the verdict', async () => {
  engine.cli(['rm', '-f', 'mifedora']);
  const session = `labwatch-${process.pid}`;
  const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
  const pane = () => tmux('capture-pane', '-p', '-t', session);
  const until = async (pattern: RegExp, ms = 30_000) => {
    for (const end = Date.now() + ms; ; ) {
      const text = pane();
      if (pattern.test(text)) return text;
      if (Date.now() > end) throw new Error(`the pane never showed ${pattern}:\n${text}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const cli = `${process.execPath} ${join(ROOT, 'dist', 'cli', 'main.js')}`;
  tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', `env DOCKER_HOST=${engine.host} ${cli} watch 5 --lang en; echo "EXIT=$?"; sleep 60`);
  try {
    await until(/Score 0\/7/);
    engine.cli(['run', '-d', '--init', '--name', 'mifedora', 'fedora:40', 'bash', '-c', 'echo "Hola desde Fedora"; sleep infinity']);
    const text = await until(/Score 7\/7/);
    // Redrawn, not appended: one heading, one score line, every check once.
    expect(text.match(/Lab 5 · fedora/g)).toHaveLength(1);
    expect(text.match(/Score \d+\/7/g)).toHaveLength(1);
    expect(text.match(/container-running/g)).toHaveLength(1);
    expect(text).toMatch(/✔ container-running/);
    expect(tmux('display', '-p', '-t', session, '#{cursor_flag}').trim()).toBe('0');
    tmux('send-keys', '-t', session, 'C-c');
    const after = await until(/EXIT=\d+/);
    expect(after).toMatch(/EXIT=0/);
    expect(tmux('display', '-p', '-t', session, '#{cursor_flag}').trim()).toBe('1');
    expect(after).not.toMatch(/Error|at .*\.js:\d+/);
  } finally {
    tmux('kill-session', '-t', session);
  }
});

import { PrivateDockerd } from './private-dockerd.js';
import { LiveWatch } from './watch-live.js';

/**
 * `lab watch 5` on a private engine of its own (so stopping it harms nobody): a container
 * change turns checks green, nothing is asked while nothing happens, and the engine going away
 * and coming back is shown and followed.
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
  await watch.waitFor(/lab 5 container-running: blocked → pass/, 20_000, before);
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

import { pid1 } from '../../src/checks/docker/pid1.js';
import { execForm } from '../../src/checks/docker/pid1.js';
import { isRootSpec, isShell, mainProcess, processesOf } from '../../src/checks/docker/processes.js';
import { userNotRoot } from '../../src/checks/docker/user-not-root.js';
import { dockerTop, fakeCtx, inspectOf, podmanTop } from './fake-docker.js';

test('docker top is read by its column titles, on Docker (ps -ef) and on Podman', () => {
  const expected = [{ user: '10001', pid: 4242, ppid: 4200, command: 'python app.py' }];
  expect(processesOf(dockerTop([['10001', 4242, 4200, 'python app.py']]))).toEqual(expected);
  expect(processesOf(podmanTop([['10001', 4242, 4200, 'python app.py']]))).toEqual(expected);
  expect(processesOf({ Titles: ['X'], Processes: [['1']] })).toEqual([]);
});

test('the main process: PID 1, or the one child of a minimal init', () => {
  const shell = processesOf(dockerTop([['root', 10, 1, '/bin/sh -c python app.py'], ['root', 11, 10, 'python app.py']]));
  expect(mainProcess(shell, 10)?.main.command).toBe('/bin/sh -c python app.py');
  // Without State.Pid, PID 1 is the one whose parent is outside the container.
  expect(mainProcess(shell)?.pid1.pid).toBe(10);
  const init = processesOf(dockerTop([['app', 20, 1, '/sbin/docker-init -- ./entrypoint.sh python app.py'], ['app', 21, 20, 'python app.py']]));
  expect(mainProcess(init, 20)).toMatchObject({ main: { pid: 21 }, init: { pid: 20 } });
  // gunicorn's master is PID 1; its workers are children, not wrappers.
  const gunicorn = processesOf(dockerTop([['app', 30, 1, '/usr/bin/python3 /usr/local/bin/gunicorn app:app'], ['app', 31, 30, '/usr/bin/python3 /usr/local/bin/gunicorn app:app']]));
  expect(mainProcess(gunicorn, 30)).toMatchObject({ main: { pid: 30 }, init: undefined });
});

test('shells and root are told apart from look-alikes', () => {
  expect(['/bin/sh -c python app.py', 'sh', 'bash -c x', '/usr/bin/dash', '-bash'].map(isShell)).toEqual([true, true, true, true, true]);
  expect(['python app.py', 'shellcheck x', '/usr/local/bin/flask run'].map(isShell)).toEqual([false, false, false]);
  expect(['', 'root', '0', '0:0', 'root:app'].map(isRootSpec)).toEqual([true, true, true, true, true]);
  expect(['app', '10001', '10001:10001', 'rootless'].map(isRootSpec)).toEqual([false, false, false, false]);
  expect(execForm(' python  app.py ')).toBe('["python", "app.py"]');
});

const topOf = (top: ReturnType<typeof dockerTop>) => ({ inspect: async () => inspect, top: async () => top });
let inspect = inspectOf();

test('pid1: the app as PID 1 passes; a shell as PID 1 fails with the exec form of its command', async () => {
  inspect = inspectOf();
  const ok = await pid1.run(fakeCtx(topOf(dockerTop([['app', 4242, 4200, 'python app.py']]))), { container: 'miclasificador', notShell: true, command: 'python|gunicorn' });
  expect(ok).toMatchObject({ status: 'pass', message: 'PID 1 is the app: python app.py.' });

  inspect = inspectOf({ Path: '/bin/sh', Args: ['-c', 'python app.py'] });
  const shell = await pid1.run(fakeCtx(topOf(dockerTop([['app', 4242, 4200, '/bin/sh -c python app.py'], ['app', 4243, 4242, 'python app.py']]))), { container: 'miclasificador' });
  expect(shell).toMatchObject({ status: 'fail', actual: '/bin/sh -c python app.py' });
  expect(shell.message).toContain('the app is its child (python app.py)');
  expect(shell.hint).toContain('CMD ["python", "app.py"]');

  // A script that starts the app without exec: the hint says exec, not exec form.
  inspect = inspectOf({ Path: './entrypoint.sh', Args: ['python', 'app.py'] });
  const script = await pid1.run(fakeCtx(topOf(dockerTop([['app', 4242, 4200, '/bin/sh ./entrypoint.sh python app.py'], ['app', 4243, 4242, 'python app.py']]))), { container: 'miclasificador' });
  expect(script.status).toBe('fail');
  expect(script.hint).toContain('exec python app.py');

  // bash -c with one command execs it: what runs decides, not how it was written.
  inspect = inspectOf({ Path: '/bin/bash', Args: ['-c', 'python app.py'] });
  expect((await pid1.run(fakeCtx(topOf(dockerTop([['app', 4242, 4200, 'python app.py']]))), { container: 'miclasificador' })).status).toBe('pass');

  inspect = inspectOf({ Path: 'sleep', Args: ['infinity'] });
  const other = await pid1.run(fakeCtx(topOf(dockerTop([['app', 4242, 4200, 'sleep infinity']]))), { container: 'miclasificador', command: 'python|gunicorn' });
  expect(other).toMatchObject({ status: 'fail', message: 'PID 1 is sleep infinity, not the app.' });

  inspect = inspectOf({ State: { Running: false, Status: 'exited' } });
  expect(await pid1.run(fakeCtx(topOf(dockerTop([]))), { container: 'miclasificador' })).toMatchObject({ status: 'fail', actual: 'exited' });
});

test('pid1 under --init judges the child the init forwards signals to', async () => {
  inspect = inspectOf({ Path: '/sbin/docker-init', Args: ['--', 'python', 'app.py'] });
  const r = await pid1.run(fakeCtx(topOf(dockerTop([['app', 4242, 4200, '/sbin/docker-init -- python app.py'], ['app', 4243, 4242, 'python app.py']]))), { container: 'miclasificador', command: 'python' });
  expect(r).toMatchObject({ status: 'pass', actual: '/sbin/docker-init -- python app.py → python app.py' });
});

test('user-not-root: what top shows decides; the configured user explains', async () => {
  inspect = inspectOf({ Config: { User: '' } });
  const root = await userNotRoot.run(fakeCtx(topOf(dockerTop([['root', 4242, 4200, 'python app.py']]))), { container: 'miclasificador' });
  expect(root).toMatchObject({ status: 'fail', message: '1 of 1 processes run as root (configured user: none (root)).', actual: 'root: python app.py' });
  expect(root.hint).toContain('USER app');

  inspect = inspectOf({ Config: { User: '10001' } });
  expect(await userNotRoot.run(fakeCtx(topOf(dockerTop([['10001', 4242, 4200, 'python app.py']]))), { container: 'miclasificador' })).toMatchObject({ status: 'pass' });

  // An entrypoint that drops privileges (gosu, as the official mysql image does): no process is root.
  inspect = inspectOf({ Config: { User: '' } });
  expect(await userNotRoot.run(fakeCtx(topOf(podmanTop([['mysql', 4242, 4200, 'mysqld']]))), { container: 'miclasificador' })).toMatchObject({ status: 'pass' });

  // Not running: the configuration alone.
  inspect = inspectOf({ Config: { User: 'root' }, State: { Running: false, Status: 'exited' } });
  expect(await userNotRoot.run(fakeCtx(topOf(dockerTop([]))), { container: 'miclasificador' })).toMatchObject({ status: 'fail', actual: 'root' });
  inspect = inspectOf({ Config: { User: 'app' }, State: { Running: false, Status: 'exited' } });
  expect(await userNotRoot.run(fakeCtx(topOf(dockerTop([]))), { container: 'miclasificador' })).toMatchObject({ status: 'pass' });
});

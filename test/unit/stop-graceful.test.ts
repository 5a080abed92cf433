import { endedOnItsOwn, graceOf, isKillSignal, MAX_GRACE, stopHint } from '../../src/checks/docker/stop-graceful.js';
import { processesOf, shellQuote } from '../../src/checks/docker/processes.js';
import { translator } from '../../src/i18n/index.js';

const t = translator('en');
const cfg = (StopTimeout?: number) => ({ Config: { StopTimeout } }) as never;

test('the grace period: the lab\'s, else the container\'s --stop-timeout, else Docker\'s 10 s, never more than the check can wait', () => {
  expect(graceOf(cfg(), 5)).toBe(5);
  expect(graceOf(cfg(30))).toBe(30);
  expect(graceOf(cfg(30), 4)).toBe(4);
  expect(graceOf(cfg())).toBe(10);
  expect(graceOf(cfg(0))).toBe(0);
  expect(graceOf(cfg(600))).toBe(MAX_GRACE);
});

test('exit code 137 without an OOM kill is the SIGKILL after the grace period; anything else ended on its own', () => {
  const m = { elapsedMs: 200, stopSignal: 'SIGTERM' };
  expect(endedOnItsOwn({ ...m, exitCode: 143, oomKilled: false })).toBe(true); // bash under --init, killed by the forwarded SIGTERM
  expect(endedOnItsOwn({ ...m, exitCode: 0, oomKilled: false })).toBe(true); // a trap that exits 0
  expect(endedOnItsOwn({ ...m, exitCode: 129, oomKilled: false })).toBe(true); // an interactive bash on SIGHUP
  expect(endedOnItsOwn({ ...m, exitCode: 137, oomKilled: false, elapsedMs: 10_100 })).toBe(false);
  expect(endedOnItsOwn({ ...m, exitCode: 137, oomKilled: true })).toBe(true);
});

test('the hint says why PID 1 ignored the signal, and what fixes it for this command', () => {
  const sleep = stopHint(t, { pid1: 'sleep infinity', tty: false, init: false, signal: 'SIGTERM', grace: 10 });
  expect(sleep).toContain('PID 1 gets no default action');
  expect(sleep).toContain('--init');
  expect(sleep).toContain('sleep does not');
  expect(sleep).not.toContain('SIGHUP');

  // bash -it: --init does not help, SIGHUP does.
  const terminal = stopHint(t, { pid1: '/bin/bash', tty: true, init: false, signal: 'SIGTERM', grace: 10 });
  expect(terminal).toContain('interactive bash (-it) ignores SIGTERM even under --init');
  expect(terminal).toContain('--stop-signal SIGHUP');
  const terminalInit = stopHint(t, { pid1: '/sbin/docker-init -- /bin/bash', tty: true, init: true, signal: 'SIGTERM', grace: 10 });
  expect(terminalInit).toContain('With --init, docker-init is PID 1');
  expect(terminalInit).toContain('--stop-signal SIGHUP');

  // A non-shell command under --init that ignores SIGTERM: no advice to add --init again.
  const trapped = stopHint(t, { pid1: '/sbin/docker-init -- myserver', tty: true, init: true, signal: 'SIGTERM', grace: 10 });
  expect(trapped).toContain('that command ignored it');
  expect(trapped).not.toContain('Start it with --init');

  expect(stopHint(t, { pid1: 'sleep infinity', tty: false, init: false, signal: 'SIGKILL', grace: 10 })).toContain('stop signal is SIGKILL');
  expect(['KILL', 'SIGKILL', '9', 'sigkill'].every(isKillSignal)).toBe(true);
  expect(isKillSignal('SIGTERM')).toBe(false);
  expect(translator('es')('stop.hintPid1', { signal: 'SIGTERM', grace: 10 })).toContain('el PID 1 no tiene acción por defecto');
});

test('docker top: columns are found by title and a command keeps its spaces', () => {
  const top = { Titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'], Processes: [['root', '4242', '4200', '0', '05:00', '?', '00:00:00', 'bash -c echo hola; sleep infinity'], ['root', '4250', '4242', '0', '05:00', '?', '00:00:00', 'sleep infinity']] };
  expect(processesOf(top)).toEqual([{ user: 'root', pid: 4242, ppid: 4200, command: 'bash -c echo hola; sleep infinity' }, { user: 'root', pid: 4250, ppid: 4242, command: 'sleep infinity' }]);
  expect(processesOf({ Titles: ['USER'], Processes: [['root']] })).toEqual([]);
  expect(processesOf({ Titles: null, Processes: null })).toEqual([]);
  expect(['bash', '-c', 'echo "Hola"; sleep infinity', "it's"].map(shellQuote).join(' ')).toBe(`bash -c 'echo "Hola"; sleep infinity' 'it'\\''s'`);
});

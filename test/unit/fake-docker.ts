import { pino } from 'pino';
import type { ContainerInspectInfo } from 'dockerode';
import type { CheckContext } from '../../src/checks/types.js';
import { translator } from '../../src/i18n/index.js';
import type { ContainerTop, DockerTarget } from '../../src/targets/docker.js';

/** A check's context over a fake engine: only the reads the Docker checks make. */
export function fakeCtx(target: Partial<DockerTarget>): CheckContext {
  return {
    lang: 'en',
    t: translator('en'),
    signal: new AbortController().signal,
    attempt: 1,
    options: { deep: false },
    namespace: 'default',
    log: pino({ level: 'silent' }),
    docker: async () => ({ forget: () => undefined, ...target }) as DockerTarget,
    kube: async () => { throw new Error('no cluster in a unit test'); },
  };
}

/** An inspect with just what the checks read; `over` replaces whole sections. */
export function inspectOf(over: { Path?: string; Args?: string[]; Config?: Record<string, unknown>; State?: Record<string, unknown>; Mounts?: unknown[]; Image?: string } = {}): ContainerInspectInfo {
  return {
    Id: 'c0ffee',
    Name: '/miclasificador',
    Image: over.Image ?? 'sha256:1234567890ab',
    Path: over.Path ?? 'python',
    Args: over.Args ?? ['app.py'],
    State: { Status: 'running', Running: true, Paused: false, Restarting: false, Pid: 4242, StartedAt: '2026-01-01T00:00:00Z', ...over.State },
    Config: { Image: 'clasificador:1.0', User: 'app', WorkingDir: '/app', Env: [], ...over.Config },
    Mounts: over.Mounts ?? [],
    HostConfig: {},
    NetworkSettings: {},
    RestartCount: 0,
  } as unknown as ContainerInspectInfo;
}

/** `docker top` as Docker answers it (ps -ef). */
export const dockerTop = (rows: [user: string, pid: number, ppid: number, cmd: string][]): ContainerTop => ({
  Titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'],
  Processes: rows.map(([user, pid, ppid, cmd]) => [user, String(pid), String(ppid), '0', '05:25', '?', '00:00:00', cmd]),
});

/** `docker top` as Podman answers it. */
export const podmanTop = (rows: [user: string, pid: number, ppid: number, cmd: string][]): ContainerTop => ({
  Titles: ['USER', 'PID', 'PPID', '%CPU', 'ELAPSED', 'TTY', 'TIME', 'COMMAND'],
  Processes: rows.map(([user, pid, ppid, cmd]) => [user, String(pid), String(ppid), '0.000', '1m2s', '?', '0s', cmd]),
});

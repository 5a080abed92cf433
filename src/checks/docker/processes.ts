// What runs in a container, from `docker top`: pure readers, unit-tested without an engine.
import type { ContainerInspectInfo } from 'dockerode';
import type { ContainerTop } from '../../targets/docker.js';
import type { CheckContext } from '../types.js';

/** One process as `docker top` shows it; `pid` and `ppid` are the host's numbers. */
export interface Process { user: string; pid: number; ppid: number; command: string }

/**
 * `docker top`'s rows as processes, columns found by their titles: Docker runs `ps -ef`
 * (UID PID PPID … CMD), Podman its own (USER PID PPID … COMMAND). The command is the last
 * column, the whole command line with its arguments.
 */
export function processesOf(top: ContainerTop): Process[] {
  const titles = top.Titles ?? [];
  const at = (...names: string[]) => titles.findIndex((t) => names.includes(t));
  const user = at('UID', 'USER');
  const pid = at('PID');
  const ppid = at('PPID');
  const cmd = at('CMD', 'COMMAND', 'ARGS');
  if (pid < 0 || cmd < 0) return [];
  return (top.Processes ?? []).map((row) => ({
    user: user >= 0 ? row[user] : '',
    pid: Number(row[pid]),
    ppid: ppid >= 0 ? Number(row[ppid]) : NaN,
    command: row.slice(cmd).join(' ').trim(),
  }));
}

/** The container's PID 1: the host PID the engine reports (State.Pid), else the one whose parent is outside the container. */
export function pid1Of(processes: Process[], statePid?: number): Process | undefined {
  const pids = new Set(processes.map((p) => p.pid));
  return processes.find((p) => p.pid === statePid) ?? processes.find((p) => !pids.has(p.ppid)) ?? processes[0];
}

/** The program a command line runs: its first word without the folder, `python3` for `/usr/bin/python3 app.py`. */
export const programOf = (command: string): string => (command.trim().split(/\s+/)[0] ?? '').split('/').pop() ?? '';

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'busybox']);
/** Minimal inits that forward signals to their one child (`docker run --init`, Podman's, the usual ones in images). */
const INITS = new Set(['docker-init', 'tini', 'tini-static', 'dumb-init', 'catatonit', 'podman-init']);

export const isShell = (command: string): boolean => SHELLS.has(programOf(command).replace(/^-/, ''));
export const isInit = (command: string): boolean => INITS.has(programOf(command));

/**
 * The process that stands for the container: PID 1, or, when PID 1 is a minimal init (`--init`,
 * tini), the child it forwards signals to. `init` is that init, when there is one.
 */
export function mainProcess(processes: Process[], statePid?: number): { pid1: Process; main: Process; init?: Process } | undefined {
  const pid1 = pid1Of(processes, statePid);
  if (!pid1) return undefined;
  let main = pid1;
  let init: Process | undefined;
  for (let hops = 0; isInit(main.command) && hops < 3; hops++) {
    const children = processes.filter((p) => p.ppid === main.pid);
    if (children.length !== 1) break;
    init ??= main;
    main = children[0];
  }
  return { pid1, main, init };
}

/** Whether a user as `docker top` shows it is root: the name, or uid 0 where the host has no name for it. */
export const isRootUser = (user: string): boolean => user === 'root' || user === '0';

/** Whether a `--user` / USER value means root: empty (the default), `root` or uid 0, with any group. */
export const isRootSpec = (spec: string | undefined): boolean => {
  const who = (spec ?? '').split(':')[0].trim();
  return who === '' || who === 'root' || who === '0';
};

/** The command Docker started, from inspect (entrypoint and arguments), as a JSON array like an exec-form CMD. */
export const startedCommand = (info: ContainerInspectInfo): string[] => [info.Path, ...(info.Args ?? [])].filter((a) => a !== undefined && a !== '');

/** The container's processes; undefined when it is not running (there are none to list). */
export async function processesOfContainer(ctx: CheckContext, name: string, info: ContainerInspectInfo): Promise<Process[] | undefined> {
  if (!info.State.Running) return undefined;
  const docker = await ctx.docker();
  return processesOf(await docker.top(name));
}

/**
 * The container's PID 1 as `docker top` shows it; undefined when it is not running or the engine
 * cannot list its processes (the caller then falls back on the command inspect shows).
 */
export async function pid1OfContainer(ctx: CheckContext, name: string, info: ContainerInspectInfo): Promise<Process | undefined> {
  const processes = await processesOfContainer(ctx, name, info).catch(() => undefined);
  return processes && pid1Of(processes, info.State.Pid);
}

/** The command the container was started with: entrypoint and arguments, as inspect shows them, typed as a shell needs it. */
export const commandOf = (info: ContainerInspectInfo): string => startedCommand(info).map(shellQuote).join(' ');

/** An argument as a shell would need it typed. */
export const shellQuote = (arg: string): string => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

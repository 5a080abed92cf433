import type { ContainerInspectInfo } from 'dockerode';
import type { CheckContext } from '../types.js';

/** One row of `docker top`: the process's PID as the host sees it and its command line. */
export interface TopProcess { pid: number; command: string }

/** `docker top`'s table (ps -ef columns) as processes; columns are found by their titles. */
export function topProcesses(top: { Titles?: string[] | null; Processes?: string[][] | null }): TopProcess[] {
  const titles = top.Titles ?? [];
  const pidAt = titles.indexOf('PID');
  const cmdAt = titles.findIndex((t) => t === 'CMD' || t === 'COMMAND');
  if (pidAt < 0 || cmdAt < 0) return [];
  return (top.Processes ?? []).map((row) => ({ pid: Number(row[pidAt]), command: row.slice(cmdAt).join(' ') }));
}

/**
 * The container's PID 1: `docker top` lists host PIDs, and the engine's State.Pid is PID 1's
 * host PID. Undefined when the container is not running or the engine cannot list its processes.
 */
export async function pid1Of(ctx: CheckContext, info: ContainerInspectInfo): Promise<TopProcess | undefined> {
  if (!info.State.Running) return undefined;
  const docker = await ctx.docker();
  const top = await docker.docker.getContainer(info.Id).top().catch(() => undefined);
  if (!top) return undefined;
  const processes = topProcesses(top as { Titles: string[]; Processes: string[][] });
  return processes.find((p) => p.pid === info.State.Pid) ?? processes[0];
}

/** The command the container was started with: entrypoint and arguments, as inspect shows them. */
export const commandOf = (info: ContainerInspectInfo): string => [info.Path, ...(info.Args ?? [])].filter(Boolean).map(shellQuote).join(' ');

/** An argument as a shell would need it typed. */
export const shellQuote = (arg: string): string => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

import type { ContainerInspectInfo } from 'dockerode';
import { fail, pass, type CheckContext, type CheckKind, type Outcome } from '../types.js';
import { containerParams, findContainer, isOutcome } from './container.js';

/** Up for less than this after a restart by its policy: it may be between two crashes. */
const SETTLE_MS = 3000;
/** A log line longer than this is cut in the hint; the grader only ever reads the last lines. */
const LOG_LINE_MAX = 300;

export const containerRunning: CheckKind<{ container: string }> = {
  name: 'docker.container-running',
  paramsSchema: containerParams,
  async run(ctx, { container }) {
    let info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    if (info.State.Running && !info.State.Restarting && !info.State.Paused && info.RestartCount > 0 && upMs(info) < SETTLE_MS) {
      // Caught in the moment between two crashes of a restart loop? Look once more.
      const docker = await ctx.docker();
      await new Promise((r) => setTimeout(r, SETTLE_MS - upMs(info as ContainerInspectInfo)));
      docker.forget(container);
      const again = await docker.inspect(container);
      if (again && (again.RestartCount > info.RestartCount || again.State.Restarting)) return restarting(ctx, container, again);
      if (again) info = again;
    }
    const state = info.State;
    if (state.Paused) {
      return fail(ctx.t('running.paused', { name: container }), { expected: 'running', actual: 'paused', hint: ctx.t('running.pausedHint', { name: container }) });
    }
    if (state.Restarting) return restarting(ctx, container, info);
    if (state.Running) return pass(ctx.t('running.ok', { name: container }));
    const neverStarted = state.Status === 'created';
    const logs = neverStarted ? '' : await lastLogLines(ctx, container);
    return fail(ctx.t(neverStarted ? 'running.created' : 'running.stopped', { name: container, status: state.Status, code: state.ExitCode }), {
      expected: 'running',
      actual: neverStarted ? state.Status : `${state.Status} (exit ${state.ExitCode})`,
      hint: logs || undefined,
    });
  },
};

const upMs = (info: ContainerInspectInfo) => Date.now() - Date.parse(info.State.StartedAt);

async function restarting(ctx: CheckContext, name: string, seen: ContainerInspectInfo): Promise<Outcome> {
  const info = await betweenRuns(ctx, name, seen);
  const policy = info.HostConfig.RestartPolicy?.Name || 'no';
  const logs = await lastLogLines(ctx, name);
  // A container caught running again says exit code 0 (Docker clears it on start): then no code is told.
  const code = info.State.Running && !info.State.Restarting ? undefined : info.State.ExitCode;
  const message = code === undefined
    ? ctx.t('running.restartingNoCode', { name, count: info.RestartCount, policy })
    : ctx.t('running.restarting', { name, code, count: info.RestartCount, policy });
  return fail(message, {
    expected: 'running',
    actual: code === undefined ? `restarting (${info.RestartCount}×)` : `restarting (exit ${code}, ${info.RestartCount}×)`,
    hint: [ctx.t('running.restartingHint', { name }), logs].filter(Boolean).join('\n'),
  });
}

/** The container between two runs of its loop (its exit code is kept then), asked for up to SETTLE_MS. */
async function betweenRuns(ctx: CheckContext, name: string, seen: ContainerInspectInfo): Promise<ContainerInspectInfo> {
  const docker = await ctx.docker();
  let info = seen;
  // While Docker waits to restart it, the state is Restarting (Running too) and keeps the exit code.
  for (let waited = 0; info.State.Running && !info.State.Restarting && waited < SETTLE_MS; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
    docker.forget(name);
    info = (await docker.inspect(name)) ?? info;
  }
  return info;
}

/** The container's last log lines for a hint: a tail, never the whole log, each line cut short. */
async function lastLogLines(ctx: CheckContext, name: string): Promise<string> {
  const logs = await (await ctx.docker()).logTail(name, 10).catch(() => '');
  if (!logs) return '';
  const lines = logs.split('\n').slice(-10).map((l) => `  | ${l.length > LOG_LINE_MAX ? `${l.slice(0, LOG_LINE_MAX)}…` : l}`);
  return ctx.t('running.logs', { name, logs: lines.join('\n') });
}

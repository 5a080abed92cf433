import { fail, pass, type CheckKind } from '../types.js';
import { containerParams, findContainer, isOutcome } from './container.js';

export const containerRunning: CheckKind<{ container: string }> = {
  name: 'docker.container-running',
  paramsSchema: containerParams,
  async run(ctx, { container }) {
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    const state = info.State;
    if (state.Running && !state.Restarting) return pass(ctx.t('running.ok', { name: container }));
    const status = state.Restarting ? 'restarting' : state.Status;
    const neverStarted = state.Status === 'created';
    let logs = '';
    if (!neverStarted) logs = await (await ctx.docker()).logTail(container, 10).catch(() => '');
    return fail(ctx.t(neverStarted ? 'running.created' : 'running.stopped', { name: container, status, code: state.ExitCode }), {
      expected: 'running',
      actual: neverStarted ? status : `${status} (exit ${state.ExitCode})`,
      hint: logs ? ctx.t('running.logs', { name: container, logs: logs.split('\n').slice(-10).map((l) => `  | ${l}`).join('\n') }) : undefined,
    });
  },
};

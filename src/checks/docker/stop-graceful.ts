import type { ContainerInspectInfo } from 'dockerode';
import { errorReason } from '../../errors.js';
import type { Translator } from '../../i18n/index.js';
import { holdSignals } from '../hold-signals.js';
import { error, fail, pass, type CheckKind } from '../types.js';
import { findContainer, isOutcome } from './container.js';
import { commandOf, pid1OfContainer } from './processes.js';

interface Params { container: string; within?: number }

/** Docker's own grace period when the container sets none (--stop-timeout). */
export const DEFAULT_GRACE = 10;
/** The longest grace period measured: the check's time must cover it and the start afterwards. */
export const MAX_GRACE = 60;
const SIGKILL_EXIT = 137;

/** What `docker stop` did to the container. */
export interface StopMeasure {
  exitCode: number;
  oomKilled: boolean;
  elapsedMs: number;
  /** The signal `docker stop` sends first (the image's STOPSIGNAL or --stop-signal); SIGTERM by default. */
  stopSignal: string;
}

/** The grace period measured: the lab's `within`, else the container's own --stop-timeout, else Docker's 10 s; at most MAX_GRACE. */
export function graceOf(info: Pick<ContainerInspectInfo, 'Config'>, within?: number): number {
  const own = (info.Config as { StopTimeout?: number }).StopTimeout;
  return Math.min(within ?? (typeof own === 'number' && own >= 0 ? own : DEFAULT_GRACE), MAX_GRACE);
}

/**
 * Whether PID 1 ended on its own: exit code 137 without an out-of-memory kill is SIGKILL, which
 * `docker stop` sends when the grace period is over (or at once, when SIGKILL is the stop signal).
 */
export const endedOnItsOwn = (m: StopMeasure): boolean => !(m.exitCode === SIGKILL_EXIT && !m.oomKilled);

const SHELLS = /^(?:\S*\/)?(?:bash|sh|dash|ash|zsh|ksh)(?:\s|$)/;
const INITS = /^(?:\S*\/)?(?:docker-init|tini|dumb-init|catatonit)(?:\s|$)/;

export const isKillSignal = (signal: string): boolean => /^(?:SIG)?KILL$|^9$/i.test(signal.trim());

/** Why PID 1 did not end on SIGTERM, and what fixes it, for the command this container runs. */
export function stopHint(t: Translator, c: { pid1: string; tty: boolean; init: boolean; signal: string; grace: number }): string {
  if (isKillSignal(c.signal)) return t('stop.hintKillSignal');
  const lines = [t(c.init ? 'stop.hintInit' : 'stop.hintPid1', { pid1: c.pid1, signal: c.signal, grace: c.grace })];
  const shell = SHELLS.test(c.init ? c.pid1.replace(INITS, '').replace(/^\s*(?:--\s+)?/, '') : c.pid1);
  if (c.tty && shell) lines.push(t('stop.hintTerminal'));
  else if (!c.init) lines.push(t('stop.hintFix'));
  return lines.join('\n');
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/**
 * `docker stop` as the student would type it, timed: passes when PID 1 ends on its own within
 * the grace period instead of being killed when it is over. The container is started again
 * afterwards (same container, running), even on Ctrl-C.
 */
export const stopGraceful: CheckKind<Params> = {
  name: 'docker.stop-graceful',
  deep: true,
  minTimeoutSeconds: MAX_GRACE + 45,
  paramsSchema: {
    type: 'object',
    required: ['container'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1 },
      within: {
        type: 'integer',
        minimum: 1,
        maximum: MAX_GRACE,
        description: `Seconds PID 1 has to end after the stop signal (default: the container's --stop-timeout, else ${DEFAULT_GRACE})`,
      },
    },
  },
  async run(ctx, { container, within }) {
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    const state = info.State;
    if (info.HostConfig.AutoRemove) return error(ctx.t('stop.refuseAutoRemove', { name: container }));
    if (!state.Running || state.Paused || state.Restarting) return error(ctx.t('stop.refuseNotRunning', { name: container, status: state.Status }));

    const docker = await ctx.docker();
    const grace = graceOf(info, within);
    const signal = (info.Config as { StopSignal?: string }).StopSignal || 'SIGTERM';
    const pid1 = (await pid1OfContainer(ctx, container, info))?.command || commandOf(info);
    const handle = docker.docker.getContainer(info.Id);
    const interrupted = holdSignals(ctx);
    let measure: StopMeasure | undefined;
    let failure: unknown;
    let restarted: unknown;
    ctx.log.info({ container, grace }, 'stopping container to time its PID 1');
    try {
      const started = performance.now();
      await handle.stop({ t: grace });
      const elapsedMs = performance.now() - started;
      const after = await handle.inspect();
      measure = { exitCode: after.State.ExitCode, oomKilled: after.State.OOMKilled, elapsedMs, stopSignal: signal };
    } catch (err) {
      failure = err;
    } finally {
      restarted = await startAgain(handle).catch((err: unknown) => err);
      docker.forget(container);
      ctx.log.info({ container }, 'container started again');
      interrupted.release();
    }
    if (restarted !== true) return error(ctx.t('stop.startFailed', { name: container, reason: errorReason(restarted) }));
    if (!measure) return error(ctx.t('stop.failed', { name: container, reason: errorReason(failure) }));

    const took = seconds(measure.elapsedMs);
    const expected = ctx.t('stop.expected', { signal, grace });
    if (endedOnItsOwn(measure)) {
      return pass(ctx.t('stop.ok', { name: container, seconds: took, signal, code: measure.exitCode }), { expected, actual: ctx.t('stop.actualOk', { seconds: took, code: measure.exitCode }) });
    }
    const hint = stopHint(ctx.t, { pid1, tty: !!info.Config.Tty, init: !!info.HostConfig.Init, signal, grace });
    return fail(ctx.t('stop.killed', { name: container, pid1, signal, grace, seconds: took }), {
      expected,
      actual: ctx.t('stop.actualKilled', { seconds: took, code: measure.exitCode }),
      hint,
    });
  },
};

/** Start the container again and wait until the engine says it runs. */
async function startAgain(handle: import('dockerode').Container): Promise<true> {
  const now = await handle.inspect();
  if (!now.State.Running) {
    await handle.start().catch((err: { statusCode?: number }) => {
      // 304: already started (a restart policy, or someone else, was quicker).
      if (err.statusCode !== 304) throw err;
    });
  }
  for (let i = 0; i < 50; i++) {
    const s = await handle.inspect();
    if (s.State.Running) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('it did not start');
}

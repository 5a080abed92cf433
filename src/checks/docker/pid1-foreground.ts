import type { ContainerInspectInfo } from 'dockerode';
import type { MessageKey } from '../../i18n/index.js';
import { fail, pass, type CheckKind } from '../types.js';
import { containerParams, findContainer, isOutcome } from './container.js';
import { commandOf, pid1OfContainer } from './processes.js';

const SHELL = /^(?:.*\/)?(?:bash|sh|dash|ash|zsh|ksh)$/;

/** What inspect says about the container's PID 1 and how it was started. */
export interface Pid1Facts {
  status: string;
  running: boolean;
  exitCode: number;
  /** How long its last PID 1 lived, when it has ended. */
  livedMs?: number;
  tty: boolean;
  openStdin: boolean;
  path: string;
  args: string[];
}

export function factsOf(info: ContainerInspectInfo): Pid1Facts {
  const s = info.State;
  const started = Date.parse(s.StartedAt);
  const finished = Date.parse(s.FinishedAt);
  const ended = !s.Running && started > 0 && finished > 0 && Date.parse('1970-01-02') < finished;
  return {
    status: s.Status,
    running: s.Running && !s.Restarting,
    exitCode: s.ExitCode,
    livedMs: ended ? Math.max(0, finished - started) : undefined,
    tty: !!info.Config.Tty,
    openStdin: !!info.Config.OpenStdin,
    path: info.Path,
    args: info.Args ?? [],
  };
}

export type Pid1Verdict =
  | { ok: true; key: 'pid1.terminal' | 'pid1.stdin' | 'pid1.foreground' }
  | { ok: false; key: 'pid1.neverStarted' | 'pid1.shellNoInput' | 'pid1.terminalEnded' | 'pid1.ended'; hint: MessageKey; background: boolean };

/**
 * Whether a PID 1 keeps the container alive, and if not why it ended: a shell with no terminal
 * (-t) and no open stdin (-i) reads end-of-input at once and exits 0; any other command ends when
 * its work does (a last command sent to the background with & does not hold it); the shell on
 * the container's terminal ends when told to (exit, Ctrl-D).
 */
export function judgePid1(f: Pid1Facts): Pid1Verdict {
  if (f.running) return { ok: true, key: f.tty ? 'pid1.terminal' : f.openStdin ? 'pid1.stdin' : 'pid1.foreground' };
  if (f.status === 'created') return { ok: false, key: 'pid1.neverStarted', hint: 'pid1.neverStartedHint', background: false };
  const shell = SHELL.test(f.path);
  const background = shell && f.args.some((a) => /&\s*$/.test(a) && !/&&\s*$/.test(a));
  if (shell && !f.args.includes('-c') && !f.tty && !f.openStdin) return { ok: false, key: 'pid1.shellNoInput', hint: 'pid1.shellNoInputHint', background };
  // The shell on the container's terminal ended: exit or Ctrl-D typed in docker attach, most likely.
  if (shell && !f.args.includes('-c') && f.tty) return { ok: false, key: 'pid1.terminalEnded', hint: 'pid1.terminalEndedHint', background };
  return { ok: false, key: 'pid1.ended', hint: 'pid1.endedHint', background };
}

const seconds = (ms: number | undefined) => (ms === undefined ? '?' : (ms / 1000).toFixed(1));

/**
 * The container's PID 1 stays in the foreground and keeps it alive: a shell waiting on its
 * terminal or stdin, or a command that does not end. When it has ended, says why from inspect.
 */
export const pid1Foreground: CheckKind<{ container: string }> = {
  name: 'docker.pid1-foreground',
  paramsSchema: containerParams,
  async run(ctx, { container }) {
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    const facts = factsOf(info);
    const verdict = judgePid1(facts);
    const expected = ctx.t('pid1.expected');
    if (verdict.ok) {
      const pid1 = (await pid1OfContainer(ctx, container, info))?.command || commandOf(info);
      return pass(ctx.t(verdict.key, { name: container, pid1 }), { actual: pid1 });
    }
    const flags = [facts.tty ? '-t' : ctx.t('pid1.noTty'), facts.openStdin ? '-i' : ctx.t('pid1.noStdin')].join(', ');
    const params = { name: container, status: facts.status, pid1: commandOf(info), code: facts.exitCode, seconds: seconds(facts.livedMs), flags };
    const actual = verdict.key === 'pid1.neverStarted' ? facts.status : ctx.t('pid1.actualEnded', params);
    const hint = [ctx.t(verdict.hint, params), verdict.background ? ctx.t('pid1.background') : undefined].filter(Boolean).join('\n');
    return fail(ctx.t(verdict.key, params), { expected, actual, hint });
  },
};

import { error, fail, pass, type CheckKind } from '../types.js';
import { findContainer, isOutcome } from './container.js';
import { isShell, mainProcess, processesOfContainer, startedCommand } from './processes.js';

/** A shell-form command as the exec form a Dockerfile would write: `python app.py` → `["python", "app.py"]`. */
export const execForm = (command: string): string => `[${command.trim().split(/\s+/).map((w) => JSON.stringify(w)).join(', ')}]`;

interface Params { container: string; notShell?: boolean; command?: string }

/**
 * What runs as the container's PID 1, the process `docker stop` signals: read from `docker top`
 * (the truth) and explained with inspect's Path and Args (what Docker was told to start). A
 * minimal init (`--init`, tini) counts as a wrapper: the child it forwards signals to is judged.
 */
export const pid1: CheckKind<Params> = {
  name: 'docker.pid1',
  paramsSchema: {
    type: 'object',
    required: ['container'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1 },
      notShell: { type: 'boolean', default: true, description: 'PID 1 (or the child of a minimal init) must not be a shell such as /bin/sh -c, which does not pass SIGTERM on' },
      command: { type: 'string', minLength: 1, description: 'A regular expression PID 1\'s command line must match, e.g. "python|gunicorn|flask"' },
    },
  },
  async run(ctx, p) {
    const info = await findContainer(ctx, p.container);
    if (isOutcome(info)) return info;
    const started = JSON.stringify(startedCommand(info));
    const expected = ctx.t('pid1App.expected');
    const processes = await processesOfContainer(ctx, p.container, info);
    if (!processes) return fail(ctx.t('pid1App.notRunning', { name: p.container }), { expected, actual: info.State.Status });
    const tree = mainProcess(processes, info.State.Pid);
    if (!tree) return error(ctx.t('pid1App.unknown', { name: p.container }));
    const { main, init } = tree;
    const actual = init ? `${init.command} → ${main.command}` : main.command;
    if (p.notShell !== false && isShell(main.command)) {
      const child = processes.find((x) => x.ppid === main.pid)?.command ?? '∅';
      const args = startedCommand(info);
      // `CMD python app.py` is run as /bin/sh -c "python app.py"; a script that starts the app without exec looks the same.
      const shellForm = args.length >= 3 && args[1] === '-c';
      const hint = shellForm
        ? ctx.t('pid1App.shellFormHint', { started, exec: execForm(args.slice(2).join(' ')) })
        : ctx.t('pid1App.scriptHint', { started, child });
      return fail(ctx.t('pid1App.shell', { pid1: main.command, child }), { expected, actual, hint });
    }
    if (p.command && !new RegExp(p.command).test(main.command)) {
      return fail(ctx.t('pid1App.other', { pid1: main.command }), { expected: `${expected}: /${p.command}/`, actual, hint: ctx.t('pid1App.otherHint', { started }) });
    }
    return pass(ctx.t(init ? 'pid1App.okInit' : 'pid1App.ok', { pid1: main.command, init: init?.command ?? '' }), { expected, actual });
  },
};

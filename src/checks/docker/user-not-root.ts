import { fail, pass, type CheckKind } from '../types.js';
import { containerParams, findContainer, isOutcome } from './container.js';
import { isRootSpec, isRootUser, processesOfContainer } from './processes.js';

/**
 * The container's processes do not run as root. What `docker top` shows decides (an entrypoint
 * may drop privileges, as the official mysql image does); Config.User (the image's USER, or
 * `--user`) explains it, and decides alone when the container is not running.
 */
export const userNotRoot: CheckKind<{ container: string }> = {
  name: 'docker.user-not-root',
  paramsSchema: containerParams,
  async run(ctx, { container }) {
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    const configured = info.Config.User ?? '';
    const shown = configured || ctx.t('user.default');
    const expected = ctx.t('user.expected');
    const hint = ctx.t('user.hint');
    const processes = (await processesOfContainer(ctx, container, info))?.filter((p) => p.user !== '');
    if (!processes?.length) {
      if (isRootSpec(configured)) return fail(ctx.t('user.rootConfigured', { user: shown }), { expected, actual: shown, hint });
      return pass(ctx.t('user.okConfigured', { user: configured }), { expected, actual: configured });
    }
    const roots = processes.filter((p) => isRootUser(p.user));
    const actual = processes.map((p) => `${p.user}: ${p.command}`).slice(0, 3).join('; ');
    if (roots.length) {
      return fail(ctx.t('user.root', { count: roots.length, total: processes.length, user: shown }), { expected, actual, hint });
    }
    const users = [...new Set(processes.map((p) => p.user))].join(', ');
    return pass(ctx.t('user.ok', { users, user: shown }), { expected, actual });
  },
};

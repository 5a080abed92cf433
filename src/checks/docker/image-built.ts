import { posix } from 'node:path';
import type { ContainerInspectInfo } from 'dockerode';
import type { ImageHistoryEntry } from '../../targets/docker.js';
import { error, fail, pass, type CheckKind } from '../types.js';
import { findContainer, isOutcome } from './container.js';
import { startedCommand } from './processes.js';

interface Params { container: string; file: string }

/**
 * A history entry as the Dockerfile line that made it: the legacy builder writes
 * `/bin/sh -c #(nop) COPY file:… in /app/` for instructions and `/bin/sh -c pip install …` for
 * RUN; BuildKit writes `COPY app.py . # buildkit` and `RUN /bin/sh -c pip install … # buildkit`.
 */
export function stepOf(createdBy: string): string {
  const s = createdBy.replace(/\s*# buildkit\s*$/, '').trim();
  const nop = /^\/bin\/sh -c #\(nop\)\s*(.*)$/s.exec(s);
  if (nop) return nop[1].trim();
  if (/^\/bin\/sh -c /.test(s)) return `RUN ${s.slice('/bin/sh -c '.length)}`;
  if (/^\|\d+ /.test(s)) return `RUN ${s.replace(/^\|\d+ (\S+=\S*\s+)*/, '').replace(/^\/bin\/sh -c /, '')}`;
  return s;
}

export const isCopyStep = (step: string): boolean => /^(COPY|ADD)\s/i.test(step);

/**
 * The image's own steps, newest first: those above its base image, which shows in the history
 * as an entry with an ID and tags of its own (the legacy builder keeps the chain of parents).
 * BuildKit keeps no parents (`<missing>`), and then every step counts.
 */
export function ownSteps(history: ImageHistoryEntry[]): ImageHistoryEntry[] {
  const base = history.findIndex((e, i) => i > 0 && e.Id !== '<missing>' && (e.Tags ?? []).some((t) => t !== '<none>:<none>'));
  return base > 0 ? history.slice(0, base) : history;
}

/** Where the container's app file is: named in its command (relative to the working directory), else in the working directory. */
export function appPath(info: Pick<ContainerInspectInfo, 'Path' | 'Args' | 'Config'>, file: string): string {
  const words = startedCommand(info as ContainerInspectInfo).flatMap((a) => a.split(/\s+/));
  const named = words.find((w) => w === file || w.endsWith(`/${file}`));
  return posix.resolve(info.Config.WorkingDir || '/', named ?? file);
}

/** The mount a path is on, if any: then it comes from the host or a volume, not from the image. */
export function mountOver(info: Pick<ContainerInspectInfo, 'Mounts'>, path: string) {
  return (info.Mounts ?? []).find((m) => {
    const dest = m.Destination.replace(/\/+$/, '') || '/';
    return path === dest || path.startsWith(dest === '/' ? '/' : `${dest}/`);
  });
}

/**
 * The container's image was built from a Dockerfile that copied the app into it: its history has
 * COPY or ADD steps of its own, and the app's file is in the image, at the path its command
 * runs, and not on a bind mount or volume laid over it.
 */
export const imageBuilt: CheckKind<Params> = {
  name: 'docker.image-built',
  paramsSchema: {
    type: 'object',
    required: ['container', 'file'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1 },
      file: { type: 'string', minLength: 1, pattern: '^[^/]+$', description: 'The app\'s main file that the build copies in, e.g. app.py; looked for where the container\'s command names it, else in its working directory' },
    },
  },
  async run(ctx, { container, file }) {
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    const docker = await ctx.docker();
    const history = await docker.history(info.Image);
    if (!history) return error(ctx.t('built.noImage', { image: info.Config.Image }));
    const path = appPath(info, file);
    const expected = ctx.t('built.expected', { file });
    const steps = ownSteps(history).map((e) => stepOf(e.CreatedBy)).filter(Boolean);
    const shownSteps = steps.slice(0, 4).reverse().map((s) => (s.length > 80 ? `${s.slice(0, 79)}…` : s)).join(' · ');
    const mount = mountOver(info, path);
    if (mount) {
      const from = mount.Type === 'bind' ? mount.Source : `${mount.Type} ${mount.Name ?? ''}`.trim();
      return fail(ctx.t('built.mounted', { path, dest: mount.Destination, from }), { expected, actual: `${mount.Destination} ← ${from}`, hint: ctx.t('built.mountedHint', { dest: mount.Destination }) });
    }
    if (!steps.some(isCopyStep)) {
      return fail(ctx.t('built.noCopy', { image: info.Config.Image }), { expected, actual: shownSteps || '∅', hint: ctx.t('built.noCopyHint', { file }) });
    }
    const stat = await docker.pathStat(container, path);
    if (!stat) return fail(ctx.t('built.noFile', { file, path, image: info.Config.Image }), { expected, actual: shownSteps, hint: ctx.t('built.noFileHint', { file }) });
    return pass(ctx.t('built.ok', { image: info.Config.Image, path }), { expected, actual: shownSteps });
  },
};

import type { ContainerInspectInfo } from 'dockerode';
import { fail, pass, type CheckKind } from '../types.js';
import { findContainer, isOutcome } from './container.js';

interface Params { container: string; required?: boolean }

interface Health { Status?: string; FailingStreak?: number; Log?: { ExitCode?: number; Output?: string }[] | null }

/** A probe's output in a hint: its last lines, each cut short. */
export function probeOutput(output: string | undefined): string {
  const lines = (output ?? '').trim().split('\n').filter(Boolean).slice(-3);
  return lines.map((l) => `  | ${l.length > 200 ? `${l.slice(0, 200)}…` : l}`).join('\n');
}

/** The healthcheck's command as the Dockerfile wrote it: `CMD-SHELL x` is `HEALTHCHECK CMD x`. */
export function healthTest(info: ContainerInspectInfo): string | undefined {
  const test = (info.Config as { Healthcheck?: { Test?: string[] } }).Healthcheck?.Test;
  if (!test?.length || test[0] === 'NONE') return undefined;
  return test[0] === 'CMD-SHELL' ? test.slice(1).join(' ') : JSON.stringify(test.slice(1));
}

/**
 * The container's own healthcheck (HEALTHCHECK in its image, or --health-cmd) says healthy.
 * Without one it passes unless the lab requires one; `starting` is "not yet", never a failure.
 */
export const healthy: CheckKind<Params> = {
  name: 'docker.healthy',
  paramsSchema: {
    type: 'object',
    required: ['container'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1 },
      required: { type: 'boolean', default: false, description: 'Fail when the container has no healthcheck at all (HEALTHCHECK in the Dockerfile or --health-cmd)' },
    },
  },
  async run(ctx, { container, required }) {
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    const health = (info.State as { Health?: Health }).Health;
    const test = healthTest(info);
    if (!health?.Status || health.Status === 'none' || !test) {
      if (required) return fail(ctx.t('health.none', { name: container }), { expected: 'healthy', actual: ctx.t('health.noCheck'), hint: ctx.t('health.noneHint') });
      return pass(ctx.t('health.noneOk', { name: container }), { actual: ctx.t('health.noCheck') });
    }
    const last = health.Log?.at(-1);
    if (health.Status === 'healthy') return pass(ctx.t('health.ok', { name: container, test }), { expected: 'healthy', actual: 'healthy' });
    if (health.Status === 'starting') {
      return fail(ctx.t('health.starting', { name: container }), { expected: 'healthy', actual: 'starting', retry: true, starting: true });
    }
    const code = last?.ExitCode ?? '?';
    return fail(ctx.t('health.unhealthy', { name: container, count: health.FailingStreak ?? 0 }), {
      expected: 'healthy',
      actual: `${health.Status} (exit ${code})`,
      hint: ctx.t('health.lastProbe', { test, code, output: probeOutput(last?.Output) || '  | ∅' }),
    });
  },
};

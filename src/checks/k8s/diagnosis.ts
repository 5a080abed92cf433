import { list } from './objects.js';
import type { KubeObject } from '../../targets/kubernetes.js';
import type { CheckContext } from '../types.js';

/**
 * Why a Pod is not well, for a hint: each container's current and last state, and the
 * Pod's most recent events (ErrImagePull, FailedScheduling with the taint in it, …).
 */
export async function podDiagnosis(ctx: CheckContext, pod: KubeObject, maxEvents = 5): Promise<string | undefined> {
  const lines: string[] = [];
  for (const s of pod.status?.containerStatuses ?? []) {
    const waiting = s.state?.waiting;
    if (waiting) lines.push(ctx.t('k8s.diag.waiting', { container: s.name, reason: waiting.reason ?? '?', message: waiting.message ?? '' }).trim());
    const last = s.lastState?.terminated;
    if (last) lines.push(ctx.t('k8s.diag.lastState', { container: s.name, reason: last.reason ?? '?', code: last.exitCode ?? '?' }));
  }
  for (const c of pod.status?.conditions ?? []) {
    if (c.status !== 'True' && c.reason) lines.push(`${c.type}=${c.status}: ${c.reason}${c.message ? ` — ${c.message}` : ''}`);
  }
  const events = (await list(ctx, 'events', pod.metadata?.namespace))
    .filter((e: any) => e.involvedObject?.kind === 'Pod' && e.involvedObject?.name === pod.metadata?.name)
    .sort((a: any, b: any) => time(a) - time(b))
    .slice(-maxEvents);
  if (events.length) {
    lines.push(ctx.t('k8s.diag.events', { pod: pod.metadata?.name ?? '' }));
    for (const e of events as any[]) lines.push(`  ${e.type} ${e.reason}: ${String(e.message ?? '').trim()}`);
  }
  return lines.length ? lines.join('\n') : undefined;
}

const time = (e: any) => Date.parse(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp ?? 0) || 0;

import type { KubeObject } from '../../targets/kubernetes.js';
import { fail, pass, type CheckContext, type CheckKind, type Outcome } from '../types.js';
import { keysOf } from './configmap-key.js';
import { podDiagnosis } from './diagnosis.js';
import { isOutcome, list } from './objects.js';
import { requireWorkload, specOf, workloadNameParams, workloadPods } from './workload.js';

const STUCK = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'CreateContainerError']);

/** Where a Pod's init containers are, read from its status. */
export type InitState =
  | { state: 'done'; containers: string[] }
  | { state: 'waiting' }
  | { state: 'failed'; container: string; exitCode: number; reason?: string; previous: boolean }
  | { state: 'config'; container: string; message: string }
  | { state: 'stuck'; container: string; reason: string; message: string };

interface Terminated { exitCode: number; reason?: string }
interface Status { name: string; state?: { waiting?: { reason?: string; message?: string }; running?: object; terminated?: Terminated }; lastState?: { terminated?: Terminated } }

/**
 * The first init container that is not done decides: a non-zero exit (now, or in its last run
 * before a restart), a configuration the kubelet refuses (CreateContainerConfigError), an image
 * it cannot get; otherwise the Pod is on its way and the check waits.
 */
export function initState(pod: KubeObject): InitState {
  const statuses: Status[] = pod.status?.initContainerStatuses ?? [];
  const names = ((pod.spec?.initContainers ?? []) as { name: string }[]).map((c) => c.name);
  if (statuses.length === 0) return { state: 'waiting' };
  for (const name of names) {
    const s = statuses.find((x) => x.name === name);
    if (!s) return { state: 'waiting' };
    const { waiting, running, terminated } = s.state ?? {};
    const last = s.lastState?.terminated;
    if (terminated) {
      if (terminated.exitCode === 0) continue;
      return { state: 'failed', container: name, exitCode: terminated.exitCode, reason: terminated.reason, previous: false };
    }
    if (waiting?.reason === 'CreateContainerConfigError') return { state: 'config', container: name, message: waiting.message ?? '' };
    if (waiting?.reason && STUCK.has(waiting.reason)) return { state: 'stuck', container: name, reason: waiting.reason, message: waiting.message ?? '' };
    if (last && last.exitCode !== 0) return { state: 'failed', container: name, exitCode: last.exitCode, reason: last.reason, previous: Boolean(running) };
    return { state: 'waiting' };
  }
  return { state: 'done', containers: names };
}

/** The kubelet's "couldn't find key K in ConfigMap ns/name", or "configmap "name" not found". */
export function missingConfig(message: string): { key?: string; configmap: string } | undefined {
  const key = /couldn't find key (\S+) in ConfigMap (?:[^/\s]+\/)?(\S+)/.exec(message);
  if (key) return { key: key[1], configmap: key[2] };
  const cm = /configmap "([^"]+)" not found/i.exec(message);
  return cm ? { configmap: cm[1] } : undefined;
}

/** The init container's last log lines; the run that failed may be the previous one once it restarted. */
async function lastLines(ctx: CheckContext, pod: string, container: string, previous: boolean): Promise<string> {
  const kube = await ctx.kube();
  for (const prev of previous ? [true, false] : [false, true]) {
    try {
      const text = (await kube.podLog(ctx.namespace, pod, container, 5, prev)).trimEnd();
      if (text) return text;
    } catch {
      // No logs to show (the container never started, or the role may not read pods/log): the exit code still says enough.
    }
  }
  return '';
}

async function judge(ctx: CheckContext, pod: KubeObject, s: InitState): Promise<Outcome | undefined> {
  const name = pod.metadata?.name ?? '?';
  const expected = ctx.t('k8s.initExpected');
  if (s.state === 'done' || s.state === 'waiting') return undefined;
  if (s.state === 'failed') {
    const logs = await lastLines(ctx, name, s.container, s.previous);
    return fail(ctx.t('k8s.initFailed', { container: s.container, pod: name, code: s.exitCode }), {
      expected,
      actual: `${ctx.t('k8s.exitCode', { code: s.exitCode })}${s.reason ? ` (${s.reason})` : ''}`,
      hint: [logs ? ctx.t('k8s.initLogs', { pod: name, container: s.container, namespace: ctx.namespace, logs: logs.replace(/^/gm, '  ') }) : ctx.t('k8s.initNoLogs', { pod: name, container: s.container, namespace: ctx.namespace }), ctx.t('k8s.initFailedHint')].join('\n'),
    });
  }
  if (s.state === 'config') {
    const missing = missingConfig(s.message);
    let hint = s.message;
    if (missing?.key) {
      const cm = (await list(ctx, 'configmaps', ctx.namespace)).find((o) => o.metadata?.name === missing.configmap);
      const keys = cm ? keysOf(cm).join(', ') || '∅' : '∅';
      hint = ctx.t('k8s.configErrorKey', { key: missing.key, configmap: missing.configmap, keys });
    } else if (missing) hint = ctx.t('k8s.configErrorMap', { configmap: missing.configmap });
    return fail(ctx.t('k8s.initConfigError', { container: s.container, pod: name }), { expected, actual: `CreateContainerConfigError: ${s.message}`, hint });
  }
  return fail(ctx.t('k8s.initStuck', { container: s.container, pod: name, reason: s.reason }), { expected, actual: `${s.reason}: ${s.message}`.trim(), hint: await podDiagnosis(ctx, pod) });
}

/** Every init container of the graded Pods ran and ended with exit code 0. */
export const initCompleted: CheckKind<{ workload: string }> = {
  name: 'k8s.init-completed',
  paramsSchema: workloadNameParams,
  async run(ctx, p) {
    const w = await requireWorkload(ctx, p.workload);
    if (isOutcome(w)) return w;
    const expected = ctx.t('k8s.initExpected');
    if (!(specOf(w).initContainers ?? []).length) {
      return fail(ctx.t('k8s.noInitContainer', { name: p.workload }), { expected, actual: ctx.t('k8s.noInitActual'), hint: ctx.t('k8s.noInitPlain') });
    }
    const pods = await workloadPods(ctx, w);
    if (pods.length === 0) return fail(ctx.t('k8s.noPodsYet', { name: p.workload }), { expected, actual: '∅', retry: true });
    for (const pod of pods) {
      const s = initState(pod);
      const verdict = await judge(ctx, pod, s);
      if (verdict) return verdict;
      if (s.state === 'waiting') {
        const unschedulable = (pod.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'PodScheduled' && c.status === 'False');
        return fail(ctx.t('k8s.initWaiting', { pod: pod.metadata?.name ?? '?' }), { expected, actual: pod.status?.phase ?? 'Pending', hint: await podDiagnosis(ctx, pod), retry: !unschedulable });
      }
    }
    const names = pods.map((x) => x.metadata?.name).join(', ');
    return pass(ctx.t('k8s.initOk', { pods: names }), { expected, actual: ctx.t('k8s.exitCode', { code: 0 }) });
  },
};

import type { KubeObject } from '../../targets/kubernetes.js';
import { fail, pass, type CheckKind } from '../types.js';
import { isOutcome, list, requireObject } from './objects.js';

interface Params { statefulset: string; path: string }

/** What holds a path of the StatefulSet's Pods, judged from its Pod template. */
export type Storage =
  | { kind: 'template'; volume: string }
  | { kind: 'shared-claim'; volume: string; claim: string }
  | { kind: 'emptyDir' | 'hostPath' | 'other'; volume: string }
  | { kind: 'none' };

const trim = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);

/** The volume mounted at `path` in any container of the template, and where it comes from. */
export function storageAt(sts: { spec?: any }, path: string): Storage {
  const tpl = sts.spec?.template?.spec ?? {};
  const mount = [...(tpl.containers ?? [])]
    .flatMap((c: { volumeMounts?: { name: string; mountPath: string }[] }) => c.volumeMounts ?? [])
    .find((m) => trim(m.mountPath) === trim(path));
  if (!mount) return { kind: 'none' };
  if ((sts.spec?.volumeClaimTemplates ?? []).some((t: { metadata?: { name?: string } }) => t.metadata?.name === mount.name)) return { kind: 'template', volume: mount.name };
  const volume = (tpl.volumes ?? []).find((v: { name: string }) => v.name === mount.name);
  if (volume?.persistentVolumeClaim) return { kind: 'shared-claim', volume: mount.name, claim: volume.persistentVolumeClaim.claimName };
  if (volume?.emptyDir) return { kind: 'emptyDir', volume: mount.name };
  if (volume?.hostPath) return { kind: 'hostPath', volume: mount.name };
  return { kind: 'other', volume: mount.name };
}

/** How one Pod of the StatefulSet stands with its own claim from the template. */
export type ClaimState = { pod: string; claim: string } & ({ state: 'bound' } | { state: 'pending'; storageClass?: string } | { state: 'absent' } | { state: 'not-mounted'; got?: string });

/** Each Pod's own claim, `<template>-<pod>`, mounted by the Pod and Bound. */
export function claimStates(pods: KubeObject[], claims: KubeObject[], volume: string): ClaimState[] {
  return pods.map((pod) => {
    const name = pod.metadata?.name ?? '?';
    const claim = `${volume}-${name}`;
    const got = (pod.spec?.volumes ?? []).find((v: { name: string }) => v.name === volume)?.persistentVolumeClaim?.claimName;
    if (got !== claim) return { pod: name, claim, state: 'not-mounted', got };
    const pvc = claims.find((c) => c.metadata?.name === claim);
    if (!pvc) return { pod: name, claim, state: 'absent' };
    if (pvc.status?.phase === 'Bound') return { pod: name, claim, state: 'bound' };
    return { pod: name, claim, state: 'pending', storageClass: pvc.spec?.storageClassName };
  });
}

/** The data directory of every Pod is on a claim of its own, made from the template and Bound. */
export const statefulsetStorage: CheckKind<Params> = {
  name: 'k8s.statefulset-storage',
  paramsSchema: {
    type: 'object',
    required: ['statefulset', 'path'],
    additionalProperties: false,
    properties: { statefulset: { type: 'string', minLength: 1 }, path: { type: 'string', pattern: '^/' } },
  },
  async run(ctx, p) {
    const sts = await requireObject(ctx, { kind: 'statefulset', name: p.statefulset });
    if (isOutcome(sts)) return sts;
    const expected = ctx.t('sts.storageExpected', { path: p.path });
    const storage = storageAt(sts, p.path);
    if (storage.kind === 'none') return fail(ctx.t('sts.noMount', { path: p.path }), { expected, actual: ctx.t('sts.nothingMounted'), hint: ctx.t('sts.templateHint', { path: p.path }) });
    if (storage.kind !== 'template') {
      const key = storage.kind === 'emptyDir' ? 'sts.emptyDirHint' : storage.kind === 'hostPath' ? 'sts.hostPathHint' : storage.kind === 'shared-claim' ? 'sts.sharedClaimHint' : 'sts.templateHint';
      const what = storage.kind === 'shared-claim' ? `persistentVolumeClaim ${storage.claim}` : storage.kind;
      return fail(ctx.t('sts.notTemplate', { path: p.path, volume: storage.volume, what }), { expected, actual: `${storage.volume}: ${what}`, hint: ctx.t(key, { path: p.path }) });
    }
    const pods = (await list(ctx, 'pods', ctx.namespace))
      .filter((pod) => (pod.metadata?.ownerReferences ?? []).some((o) => o.uid === sts.metadata?.uid))
      .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '', 'en', { numeric: true }));
    if (pods.length === 0) return fail(ctx.t('sts.noPods', { name: p.statefulset }), { expected, actual: '∅', retry: true });
    const states = claimStates(pods, await list(ctx, 'persistentvolumeclaims', ctx.namespace), storage.volume);
    const actual = states.map((s) => `${s.pod}: ${s.claim} ${s.state === 'not-mounted' ? `✘ (${s.got ?? '∅'})` : s.state === 'pending' ? 'Pending' : s.state === 'absent' ? '∅' : 'Bound'}`).join('\n');
    const wrong = states.find((s) => s.state === 'not-mounted');
    if (wrong) return fail(ctx.t('sts.claimNotMounted', { pod: wrong.pod, claim: wrong.claim, path: p.path }), { expected, actual });
    const waiting = states.find((s) => s.state !== 'bound');
    if (!waiting) return pass(ctx.t('sts.claimsBound', { count: states.length, path: p.path }), { expected, actual });
    const events = (await list(ctx, 'events', ctx.namespace)).filter((e: any) => e.involvedObject?.kind === 'PersistentVolumeClaim' && e.involvedObject?.name === waiting.claim);
    const storageClass = waiting.state === 'pending' ? (waiting.storageClass ?? ctx.t('sts.defaultClass')) : '?';
    // A claim waits for its Pod to be scheduled (WaitForFirstConsumer) or for the provisioner: asked
    // again; unless provisioning already failed (a StorageClass that does not exist), which waiting won't fix.
    return fail(ctx.t('sts.claimPending', { claim: waiting.claim, storageClass }), {
      expected,
      actual,
      hint: [ctx.t('sts.pendingHint', { storageClass, claim: waiting.claim }), ...events.slice(-3).map((e: any) => `  ${e.type} ${e.reason}: ${String(e.message ?? '').trim()}`)].join('\n'),
      retry: !events.some((e: any) => e.type === 'Warning' && e.reason === 'ProvisioningFailed'),
    });
  },
};

import { closest } from '../similar.js';
import { fail, pass, type CheckKind } from '../types.js';
import { isOutcome, requireObject } from './objects.js';
import type { KubeObject } from '../../targets/kubernetes.js';

interface Params { configmap: string; key: string }

export const configMapParams = {
  type: 'object',
  required: ['configmap', 'key'],
  additionalProperties: false,
  properties: {
    configmap: { type: 'string', minLength: 1 },
    key: { type: 'string', minLength: 1, description: 'The key of data whose value the lab uses' },
  },
} as const;

/** The keys of a ConfigMap's data (binaryData cannot be printed in a page). */
export const keysOf = (cm: KubeObject): string[] => Object.keys((cm as { data?: Record<string, string> }).data ?? {});

/** A key's value, trimmed; undefined when the key is not there. */
export const valueOf = (cm: KubeObject, key: string): string | undefined => (cm as { data?: Record<string, string> }).data?.[key]?.trim();

/** The ConfigMap has the key, with a text of the student's own in it. */
export const configMapKey: CheckKind<Params> = {
  name: 'k8s.configmap-key',
  paramsSchema: configMapParams,
  async run(ctx, p) {
    const cm = await requireObject(ctx, { kind: 'configmap', name: p.configmap });
    if (isOutcome(cm)) return cm;
    const keys = keysOf(cm);
    const value = valueOf(cm, p.key);
    const expected = ctx.t('k8s.cmKeyExpected', { key: p.key });
    if (value === undefined) {
      const near = closest(p.key, keys);
      return fail(ctx.t('k8s.cmNoKey', { name: p.configmap, key: p.key }), {
        expected,
        actual: ctx.t('k8s.cmKeys', { keys: keys.join(', ') || '∅' }),
        hint: [near.length ? ctx.t('k8s.didYouMean', { names: near.join(', '), name: p.key }) : '', ctx.t('k8s.cmKeyHint', { key: p.key })].filter(Boolean).join('\n'),
      });
    }
    if (value === '') return fail(ctx.t('k8s.cmEmpty', { name: p.configmap, key: p.key }), { expected, actual: `${p.key}: ""`, hint: ctx.t('k8s.cmKeyHint', { key: p.key }) });
    return pass(ctx.t('k8s.cmKeyOk', { name: p.configmap, key: p.key, value }), { expected, actual: `${p.key}: ${value}` });
  },
};

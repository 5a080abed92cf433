import { closest } from '../similar.js';
import { fail, pass, type CheckKind } from '../types.js';
import { classOf, ingressParams } from './ingress.js';
import { isOutcome, list, requireObject } from './objects.js';

/**
 * The Ingress belongs to an IngressClass that exists and names a controller: the one it names
 * (spec.ingressClassName), or the cluster's default class. Without one, no controller takes it
 * (ingress-nginx ignores an Ingress without a class unless told otherwise).
 */
export const ingressClass: CheckKind<{ ingress: string }> = {
  name: 'k8s.ingress-class',
  paramsSchema: ingressParams,
  async run(ctx, p) {
    const ing = await requireObject(ctx, { kind: 'ingress', name: p.ingress });
    if (isOutcome(ing)) return ing;
    const classes = await list(ctx, 'ingressclasses');
    const names = classes.map((c) => c.metadata?.name ?? '?');
    const available = names.join(', ') || '∅';
    const expected = ctx.t('k8s.ing.classExpected', { classes: available });
    const cls = classOf(ing, classes);
    if (!cls.name) {
      return fail(ctx.t('k8s.ing.noClass', { ingress: p.ingress }), {
        expected,
        actual: 'ingressClassName: ∅',
        hint: ctx.t(names.length ? 'k8s.ing.noClassHint' : 'k8s.ing.noClassesHint', { classes: available, first: names[0] ?? '' }),
      });
    }
    const actual = cls.named ? `ingressClassName: ${cls.name}` : ctx.t('k8s.ing.defaultClass', { name: cls.name });
    if (!cls.found) {
      const near = closest(cls.name, names);
      return fail(ctx.t('k8s.ing.classMissing', { ingress: p.ingress, name: cls.name }), {
        expected,
        actual,
        hint: ctx.t(near.length ? 'k8s.ing.classTypo' : names.length ? 'k8s.ing.classMissingHint' : 'k8s.ing.noClassesHint', { names: near.join(', '), classes: available, first: names[0] ?? '' }),
      });
    }
    const controller: string | undefined = cls.found.spec?.controller;
    if (!controller) {
      return fail(ctx.t('k8s.ing.noController', { name: cls.name }), { expected, actual, hint: ctx.t('k8s.ing.noClassesHint', { classes: available }) });
    }
    return pass(ctx.t(cls.named ? 'k8s.ing.classOk' : 'k8s.ing.defaultClassOk', { name: cls.name, controller }), { expected, actual: `${actual} (${controller})` });
  },
};

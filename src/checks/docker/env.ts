import { envOf } from '../../targets/docker-inspect.js';
import { fail, isSecretName, mask, pass, type CheckKind } from '../types.js';
import { findContainer, isOutcome } from './container.js';

interface Params { container: string; vars: Record<string, string> }

/** Quoted when bare it would hide the difference: empty, spaces at either end, quotes or control characters. */
export const visible = (value: string): string =>
  value === '' || /^\s|\s$|["'\u0000-\u001f\u007f]/.test(value) ? JSON.stringify(value) : value;

export const env: CheckKind<Params> = {
  name: 'docker.env',
  paramsSchema: {
    type: 'object',
    required: ['container', 'vars'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1 },
      vars: {
        type: 'object',
        minProperties: 1,
        additionalProperties: { type: 'string' },
        description: 'Expected values; names with PASS, SECRET, TOKEN or KEY are masked in reports',
      },
    },
  },
  async run(ctx, { container, vars }) {
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    const actualEnv = envOf(info);
    const show = (name: string, value: string | undefined) =>
      `${name}=${value === undefined ? '∅' : isSecretName(name) ? mask(value) : visible(value)}`;
    const wrong = Object.entries(vars).filter(([name, value]) => actualEnv.get(name) !== value);
    const expected = Object.entries(vars).map(([name, value]) => show(name, value)).join(' ');
    if (wrong.length === 0) return pass(ctx.t('env.ok', { vars: Object.keys(vars).join(', ') }), { expected, actual: expected });
    const actual = wrong
      .map(([name, value]) => {
        const got = actualEnv.get(name);
        if (got === undefined || !isSecretName(name)) return show(name, got);
        return `${show(name, got)} (${ctx.t('env.secretDiffers')})`;
      })
      .join(' ');
    return fail(ctx.t('env.wrong', { vars: wrong.map(([name]) => name).join(', ') }), {
      expected: wrong.map(([name, value]) => show(name, value)).join(' '),
      actual,
    });
  },
};

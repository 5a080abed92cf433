import type { ContainerInspectInfo } from 'dockerode';
import { fail, pass, type CheckKind } from '../types.js';
import { findContainer, isOutcome } from './container.js';
import { containerName, endpointsOf, givenAliases, isUserNetwork, specialMode } from './networks.js';

interface Params { container: string; network: string }

export type Attachment =
  | { kind: 'attached'; names: string[] }
  | { kind: 'mode'; mode: string }
  | { kind: 'defaultOnly' }
  | { kind: 'elsewhere'; networks: string[] };

/** Whether the container is on `network`, and if not, where it is instead. */
export function attachmentOf(info: ContainerInspectInfo, network: string): Attachment {
  const mode = specialMode(info);
  if (mode) return { kind: 'mode', mode };
  const endpoints = endpointsOf(info);
  const on = endpoints.find((e) => e.network === network);
  if (on) return { kind: 'attached', names: [containerName(info), ...givenAliases(info, on)] };
  const user = endpoints.map((e) => e.network).filter(isUserNetwork);
  return user.length ? { kind: 'elsewhere', networks: user } : { kind: 'defaultOnly' };
}

/** The container's networks as `docker inspect` shows them, with the aliases given there. */
function describe(info: ContainerInspectInfo): string {
  const mode = specialMode(info);
  if (mode) return `--network ${mode}`;
  const list = endpointsOf(info).map((e) => {
    const aliases = givenAliases(info, e);
    return aliases.length ? `${e.network} (${aliases.join(', ')})` : e.network;
  });
  return list.join(', ') || '∅';
}

export const networkAttached: CheckKind<Params> = {
  name: 'docker.network-attached',
  paramsSchema: {
    type: 'object',
    required: ['container', 'network'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1 },
      network: { type: 'string', minLength: 1, description: 'The network it must be attached to (it may be on others as well)' },
    },
  },
  async run(ctx, { container, network }) {
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    const at = attachmentOf(info, network);
    const actual = describe(info);
    const expected = network;
    const howTo = ctx.t('attached.howTo', { network, name: container });
    switch (at.kind) {
      case 'attached':
        return pass(ctx.t('attached.ok', { name: container, network, names: at.names.join(', ') }), { expected, actual });
      case 'mode':
        return fail(ctx.t('attached.mode', { name: container, mode: at.mode }), { expected, actual, hint: ctx.t('attached.modeHint', { network, name: container }) });
      case 'defaultOnly':
        return fail(ctx.t('attached.defaultOnly', { name: container, network }), { expected, actual, hint: [ctx.t('attached.defaultBridgeWhy'), howTo].join('\n') });
      case 'elsewhere':
        return fail(ctx.t('attached.elsewhere', { name: container, network, networks: at.networks.join(', ') }), { expected, actual, hint: howTo });
    }
  },
};

import type { NetworkInspectInfo } from 'dockerode';
import { closest } from '../similar.js';
import { fail, pass, type CheckKind } from '../types.js';
import { isUserNetwork } from './networks.js';

interface Params { network: string; driver?: string }

/** What is wrong with a network the lab asks the student to create, if anything. */
export function networkProblem(net: Pick<NetworkInspectInfo, 'Name' | 'Driver' | 'Options'>, driver = 'bridge'): 'default' | 'driver' | undefined {
  if (!isUserNetwork(net.Name) || net.Options?.['com.docker.network.bridge.default_bridge'] === 'true') return 'default';
  return net.Driver === driver ? undefined : 'driver';
}

/** A user-defined network of the student's: it exists, it is not one the engine made, and it has the asked-for driver. */
export const network: CheckKind<Params> = {
  name: 'docker.network',
  paramsSchema: {
    type: 'object',
    required: ['network'],
    additionalProperties: false,
    properties: {
      network: { type: 'string', minLength: 1, description: 'Name of the network the student creates (docker network create NAME)' },
      driver: { type: 'string', minLength: 1, default: 'bridge', description: 'The driver it must have' },
    },
  },
  async run(ctx, { network: name, driver = 'bridge' }) {
    const docker = await ctx.docker();
    const net = await docker.network(name);
    const expected = ctx.t('network.expected', { network: name, driver });
    if (!net) {
      const user = (await docker.networks()).map((n) => n.Name).filter(isUserNetwork).sort();
      const near = closest(name, user);
      return fail(ctx.t('network.missing', { network: name }), {
        expected,
        actual: user.length ? user.join(', ') : ctx.t('network.onlyDefaults'),
        hint: [ctx.t('network.missingHint', { network: name }), near.length ? ctx.t('network.didYouMean', { names: near.join(', '), network: name }) : ''].filter(Boolean).join('\n'),
      });
    }
    const actual = `${net.Name} (driver ${net.Driver})`;
    const problem = networkProblem(net, driver);
    if (problem === 'default') return fail(ctx.t('network.isDefault', { network: name }), { expected, actual, hint: ctx.t('network.missingHint', { network: name }) });
    if (problem === 'driver') {
      return fail(ctx.t('network.wrongDriver', { network: name, driver: net.Driver, expected: driver }), { expected, actual, hint: ctx.t('network.wrongDriverHint', { network: name, driver }) });
    }
    const subnet = (net.IPAM?.Config ?? []).map((c) => c.Subnet).filter(Boolean).join(', ');
    return pass(ctx.t('network.ok', { network: name, driver, subnet: subnet || '?' }), { expected, actual });
  },
};

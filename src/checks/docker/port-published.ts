import { bindingsOf, showBinding } from '../../targets/docker-inspect.js';
import { isLoopback } from '../../targets/host-address.js';
import { fail, pass, type CheckKind } from '../types.js';
import { findContainer, isOutcome } from './container.js';

interface Params { container: string; port: string; hostPort: number }

export const portPublished: CheckKind<Params> = {
  name: 'docker.port-published',
  paramsSchema: {
    type: 'object',
    required: ['container', 'port', 'hostPort'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1 },
      port: { type: 'string', pattern: '^[0-9]+/(tcp|udp)$', description: 'Container port, e.g. 3306/tcp' },
      hostPort: {
        type: 'integer',
        minimum: 1,
        maximum: 65535,
        description: 'Host port it must be published on: on all interfaces (0.0.0.0, [::]) or a host address other than loopback; other bindings may exist beside it',
      },
    },
  },
  async run(ctx, { container, port, hostPort }) {
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    // The same bindings the login and HTTP checks dial: live ones when running, else the configured ones.
    const bindings = bindingsOf(info, port);
    const expected = `0.0.0.0:${hostPort} -> ${port}`;
    const howTo = ctx.t('port.howTo', { hostPort, port: port.split('/')[0] });
    if (bindings.length === 0) return fail(ctx.t('port.none', { port }), { expected, actual: ctx.t('port.notPublished'), hint: howTo });
    const actual = bindings.map((b) => `${showBinding(b)} -> ${port}`).join(', ');
    const onPort = bindings.filter((b) => Number(b.HostPort) === hostPort);
    if (onPort.length === 0) return fail(ctx.t('port.wrongHostPort', { port, hostPort }), { expected, actual, hint: howTo });
    const reachable = onPort.find((b) => !isLoopback(b.HostIp ?? ''));
    if (!reachable) {
      return fail(ctx.t('port.loopbackOnly', { port, hostPort, ip: onPort[0].HostIp }), { expected, actual, hint: ctx.t('port.loopbackHint', { hostPort, port: port.split('/')[0] }) });
    }
    return pass(ctx.t('port.ok', { binding: `${showBinding(reachable)} -> ${port}` }), { expected, actual });
  },
};

import { fail, pass, type CheckKind } from '../types.js';
import { findContainer, isOutcome } from './container.js';

interface Params { container: string; port: string; hostPort: number }

const isLoopback = (ip: string) => /^127\./.test(ip) || ip === '::1' || ip === 'localhost';
const show = (b: { HostIp: string; HostPort: string }) => `${b.HostIp || '0.0.0.0'}:${b.HostPort || '?'}`;

export const portPublished: CheckKind<Params> = {
  name: 'docker.port-published',
  paramsSchema: {
    type: 'object',
    required: ['container', 'port', 'hostPort'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1 },
      port: { type: 'string', pattern: '^[0-9]+/(tcp|udp)$', description: 'Container port, e.g. 3306/tcp' },
      hostPort: { type: 'integer', minimum: 1, maximum: 65535 },
    },
  },
  async run(ctx, { container, port, hostPort }) {
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    // The configured bindings: they exist even for a container that was created but never started.
    const bindings = ((info.HostConfig.PortBindings ?? {}) as Record<string, { HostIp: string; HostPort: string }[] | null>)[port] ?? [];
    const expected = `0.0.0.0:${hostPort} -> ${port}`;
    if (bindings.length === 0) {
      return fail(ctx.t('port.none', { port }), { expected, actual: ctx.t('port.notPublished'), hint: ctx.t('port.howTo', { hostPort, port: port.split('/')[0] }) });
    }
    const actual = bindings.map((b) => `${show(b)} -> ${port}`).join(', ');
    const onPort = bindings.filter((b) => Number(b.HostPort) === hostPort);
    if (onPort.length === 0) {
      return fail(ctx.t('port.wrongHostPort', { port, hostPort }), { expected, actual, hint: ctx.t('port.howTo', { hostPort, port: port.split('/')[0] }) });
    }
    const reachable = onPort.find((b) => !isLoopback(b.HostIp));
    if (!reachable) {
      return fail(ctx.t('port.loopbackOnly', { port, hostPort }), { expected, actual, hint: ctx.t('port.loopbackHint', { hostPort, port: port.split('/')[0] }) });
    }
    return pass(ctx.t('port.ok', { binding: `${show(reachable)} -> ${port}` }), { expected, actual });
  },
};

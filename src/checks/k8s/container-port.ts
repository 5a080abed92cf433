import { fail, pass, type CheckKind } from '../types.js';
import { isOutcome, podSpecOf, requireObject } from './objects.js';

interface Params { pod: string; port: number }

/** Some container of the Pod declares the port. */
export const containerPort: CheckKind<Params> = {
  name: 'k8s.container-port',
  paramsSchema: {
    type: 'object',
    required: ['pod', 'port'],
    additionalProperties: false,
    properties: { pod: { type: 'string', minLength: 1 }, port: { type: 'integer', minimum: 1, maximum: 65535 } },
  },
  async run(ctx, p) {
    const pod = await requireObject(ctx, { kind: 'pod', name: p.pod });
    if (isOutcome(pod)) return pod;
    const declared = podSpecOf(pod).containers.flatMap((c) => (c.ports ?? []).map((x) => `${c.name}:${x.containerPort}/${x.protocol ?? 'TCP'}`));
    const expected = `containerPort: ${p.port}`;
    if (podSpecOf(pod).containers.some((c) => (c.ports ?? []).some((x) => x.containerPort === p.port && (x.protocol ?? 'TCP') === 'TCP'))) {
      return pass(ctx.t('k8s.portOk', { port: p.port }), { expected, actual: declared.join(', ') });
    }
    return fail(ctx.t('k8s.portMissing', { port: p.port }), { expected, actual: declared.join(', ') || '∅', hint: ctx.t('k8s.portHint', { port: p.port }) });
  },
};

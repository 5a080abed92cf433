import { isTransient } from '../mysql/connect.js';
import { loginVerdict } from '../mysql/login.js';
import { error, type CheckKind } from '../types.js';
import { isOutcome, requireObject } from './objects.js';

interface Params { pod: string; port: number; user: string; password: string; database?: string }

export const mysqlParams = {
  pod: { type: 'string', minLength: 1 },
  port: { type: 'integer', minimum: 1, maximum: 65535, description: "MySQL's port in the Pod" },
} as const;

/**
 * --deep: a real login to MySQL in a Pod, through a port-forward the grader makes itself (the
 * API server's pods/portforward, which the student's own role allows and the grader's does not).
 */
export const k8sMysqlLogin: CheckKind<Params> = {
  name: 'k8s.mysql-login',
  deep: true,
  paramsSchema: {
    type: 'object',
    required: ['pod', 'port', 'user', 'password'],
    additionalProperties: false,
    properties: {
      ...mysqlParams,
      user: { type: 'string', minLength: 1 },
      password: { type: 'string' },
      database: { type: 'string', description: 'A database the user must see' },
    },
  },
  async run(ctx, p) {
    const pod = await requireObject(ctx, { kind: 'pod', name: p.pod });
    if (isOutcome(pod)) return pod;
    const forward = await (await ctx.kube()).forwardPort(ctx.namespace, p.pod, p.port);
    try {
      const outcome = await loginVerdict(ctx, forward.endpoint, p, {
        // The Pod is Ready (this check waits for it), but MySQL may still be starting inside.
        notYet: (err) => (isTransient(err) ? { retry: true } : {}),
        noAnswerHint: ctx.t('k8sMysql.noAnswerHint', { pod: p.pod, reason: forward.podError() ?? '—' }),
      });
      const refused = forward.failure();
      if (outcome.status !== 'pass' && refused) return error(refused.message);
      return outcome;
    } finally {
      await forward.close();
    }
  },
};

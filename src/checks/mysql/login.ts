import { publishedEndpoint } from '../../targets/docker-inspect.js';
import { findContainer, isOutcome, onRefused, outOfReach, publishedPortProperties } from '../docker/container.js';
import { fail, pass, type CheckContext, type CheckKind, type Outcome } from '../types.js';
import { connectTo, errorText, isTransient, showEndpoint, type Endpoint } from './connect.js';

interface Params { container: string; port: string; hostPort?: number; user: string; password: string; database?: string }

/** Who logs in, and a database they must see. */
export interface LoginAsk { user: string; password: string; database?: string }

export const mysqlLogin: CheckKind<Params> = {
  name: 'mysql.login',
  paramsSchema: {
    type: 'object',
    required: ['container', 'port', 'user', 'password'],
    additionalProperties: false,
    properties: {
      ...publishedPortProperties,
      user: { type: 'string', minLength: 1 },
      password: { type: 'string' },
      database: { type: 'string', description: 'A database the user must see' },
    },
  },
  async run(ctx, p) {
    const info = await findContainer(ctx, p.container);
    if (isOutcome(info)) return info;
    const blocked = await outOfReach(ctx, info, p.port, p.hostPort);
    if (blocked) return blocked;
    const endpoint = publishedEndpoint(await ctx.docker(), info, p.port, p.hostPort);
    if (!endpoint) return fail(ctx.t('mysql.notPublished', { port: p.port }), { expected: expectedLogin(ctx, p), actual: ctx.t('port.notPublished') });
    // Refused or cut off while the server initialises is "not yet", asked again and never failed;
    // long after the container started it is the answer. A wrong password is always the answer.
    return loginVerdict(ctx, endpoint, p, {
      notYet: (err) => (isTransient(err) ? onRefused(info) : {}),
      noAnswerHint: ctx.t('mysql.noAnswerHint', { name: p.container }),
    });
  },
};

const expectedLogin = (ctx: CheckContext, p: LoginAsk) =>
  p.database ? ctx.t('mysql.expectedDb', { user: p.user, database: p.database }) : ctx.t('mysql.expected', { user: p.user });

/**
 * The verdict of a login at a MySQL endpoint, however it is reached (a published port, a
 * port-forward): the user gets in and, when asked, sees the database.
 */
export async function loginVerdict(
  ctx: CheckContext,
  endpoint: Endpoint,
  p: LoginAsk,
  opts: { notYet(err: unknown): Partial<Outcome>; noAnswerHint: string },
): Promise<Outcome> {
  const expected = expectedLogin(ctx, p);
  let conn;
  try {
    conn = await connectTo(endpoint, { user: p.user, password: p.password });
  } catch (err) {
    // Nothing answered: the lab's hint (about the lab's settings, maybe "start again from an
    // empty data directory") would send the student to fix, or delete, what may be right.
    const silent = isTransient(err) ? { hint: opts.noAnswerHint, ownHintOnly: true } : {};
    return fail(ctx.t('mysql.loginFailed', { user: p.user, reason: errorText(err) }), { expected, actual: errorText(err), ...silent, ...opts.notYet(err) });
  }
  const at = showEndpoint(endpoint);
  try {
    if (!p.database) return pass(ctx.t('mysql.loginOk', { user: p.user, at }), { expected, actual: expected });
    const [rows] = await conn.query<import('mysql2').RowDataPacket[]>('SHOW DATABASES');
    const names = rows.map((r) => String(Object.values(r)[0]));
    if (names.includes(p.database)) return pass(ctx.t('mysql.dbVisible', { user: p.user, database: p.database, at }), { expected, actual: expected });
    const visible = names.filter((n) => !['information_schema', 'performance_schema', 'mysql', 'sys'].includes(n));
    return fail(ctx.t('mysql.dbMissing', { user: p.user, database: p.database }), { expected, actual: ctx.t('mysql.visible', { names: visible.join(', ') || '∅' }) });
  } catch (err) {
    return fail(ctx.t('mysql.queryFailed', { reason: errorText(err) }), { expected, actual: errorText(err), ...opts.notYet(err) });
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}

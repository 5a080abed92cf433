import { randomBytes } from 'node:crypto';
import { ForbiddenError, TargetError } from '../../errors.js';
import type { Forward, KubeTarget } from '../../targets/kubernetes.js';
import { holdSignals } from '../hold-signals.js';
import { errorText, runSql, type Login } from '../mysql/connect.js';
import { error, fail, pass, type CheckContext, type CheckKind } from '../types.js';
import { mysqlParams } from './mysql-login.js';
import { isOutcome, requireObject } from './objects.js';
import { isReady } from './pod-phase.js';

interface Params { statefulset: string; port: number; password: string }

const MARKER = 'lab_grader_marker';
/** How long the controller and MySQL get to bring the Pod back, and the marker to be read. */
const BACK_MS = 150_000;
/** What is kept apart for removing the marker afterwards. */
const CLEANUP_MS = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * --deep: data survives its Pod. Writes a marker database in MySQL of Pod <name>-0, deletes that
 * Pod, waits for the StatefulSet to make it again (a new UID) and for it to be Ready, reads the
 * marker back, then drops it. Whatever happens the marker is dropped where it can be, and the Pod
 * is left to its controller: the StatefulSet itself is never changed.
 */
export const k8sMysqlSurvives: CheckKind<Params> = {
  name: 'k8s.mysql-survives-pod',
  deep: true,
  minTimeoutSeconds: 240,
  paramsSchema: {
    type: 'object',
    required: ['statefulset', 'port', 'password'],
    additionalProperties: false,
    properties: { statefulset: { type: 'string', minLength: 1 }, port: mysqlParams.port, password: { type: 'string', description: 'Root password' } },
  },
  async run(ctx, p) {
    const sts = await requireObject(ctx, { kind: 'statefulset', name: p.statefulset });
    if (isOutcome(sts)) return sts;
    const name = `${p.statefulset}-0`;
    const kube = await ctx.kube();
    const pod = (await kube.list('pods', ctx.namespace, 0)).find((x) => x.metadata?.name === name);
    // Only a Pod its StatefulSet will make again: a Pod of its own would be gone for good.
    if (!pod || !(pod.metadata?.ownerReferences ?? []).some((o) => o.uid === sts.metadata?.uid)) return error(ctx.t('stsDeep.noPod', { pod: name, name: p.statefulset }));
    if (!isReady(pod)) return error(ctx.t('stsDeep.notReady', { pod: name }));

    const forward = await kube.forwardPort(ctx.namespace, name, p.port);
    const root: Login = { user: 'root', password: p.password };
    const token = randomBytes(8).toString('hex');
    try {
      try {
        await runSql(forward.endpoint, root, [`CREATE DATABASE IF NOT EXISTS ${MARKER}`, `CREATE TABLE IF NOT EXISTS ${MARKER}.marker (token VARCHAR(32))`, `INSERT INTO ${MARKER}.marker VALUES ('${token}')`]);
      } catch (err) {
        return error(forward.failure()?.message ?? ctx.t('deep.writeFailed', { reason: errorText(err) }));
      }
      let found: string[] = [];
      let failure: unknown;
      const interrupted = holdSignals(ctx);
      ctx.log.info({ pod: name }, 'deleting the Pod to prove its data survives');
      try {
        await kube.deletePod(ctx.namespace, name, pod.metadata!.uid!);
        const until = Date.now() + BACK_MS;
        await recreated(ctx, kube, name, pod.metadata!.uid!, until);
        found = await rows(ctx, forward, root, `SELECT token FROM ${MARKER}.marker`, until);
      } catch (err) {
        failure = err;
      } finally {
        try {
          await rows(ctx, forward, root, `DROP DATABASE IF EXISTS ${MARKER}`, Date.now() + CLEANUP_MS);
        } catch (err) {
          ctx.log.warn({ err }, 'could not drop the marker database');
        }
        interrupted.release();
      }
      if (failure) return error(failure instanceof TargetError ? failure.message : ctx.t('stsDeep.failed', { pod: name, reason: errorText(failure) }));
      if (found.includes(token)) return pass(ctx.t('stsDeep.survived', { pod: name }));
      return fail(ctx.t('stsDeep.lost', { pod: name }), { expected: token, actual: found.join(', ') || '∅', hint: ctx.t('stsDeep.lostHint') });
    } finally {
      await forward.close();
    }
  },
};

/** Until the controller has made the Pod again (another UID) and it is Ready. */
async function recreated(ctx: CheckContext, kube: KubeTarget, name: string, uid: string, until: number): Promise<void> {
  for (;;) {
    const pod = (await kube.list('pods', ctx.namespace, 0)).find((x) => x.metadata?.name === name);
    if (pod && pod.metadata?.uid !== uid && isReady(pod)) return;
    if (Date.now() > until || ctx.signal.aborted) throw new Error(ctx.t('stsDeep.notBack', { pod: name, seconds: BACK_MS / 1000 }));
    await sleep(1000);
  }
}

/** The first column of a query's rows, asked until MySQL answers; no marker there is no rows. */
async function rows(ctx: CheckContext, forward: Forward, login: Login, query: string, until: number): Promise<string[]> {
  for (;;) {
    try {
      const result = await runSql(forward.endpoint, login, [query]);
      return Array.isArray(result) ? result.map((r) => String(Object.values(r as object)[0])) : [];
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ER_NO_SUCH_TABLE' || code === 'ER_BAD_DB_ERROR') return [];
      const refused = forward.failure();
      if (refused instanceof ForbiddenError) throw refused;
      if (Date.now() > until) throw refused ?? err;
      await sleep(1000);
    }
  }
}

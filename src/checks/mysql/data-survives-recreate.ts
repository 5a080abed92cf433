import { randomBytes } from 'node:crypto';
import type { ContainerCreateOptions, ContainerInspectInfo, EndpointSettings } from 'dockerode';
import type { DockerTarget } from '../../targets/docker.js';
import { storageOf } from '../docker/data-volume.js';
import { findContainer, isOutcome } from '../docker/container.js';
import { holdSignals } from '../hold-signals.js';
import { error, fail, pass, type CheckContext, type CheckKind } from '../types.js';
import { connectPublished, errorText, type Login, type PublishedPort } from './connect.js';

interface Params { container: string; port: string; hostPort?: number; dataPath: string; password: string; database: string }

const TABLE = 'lab_grader_marker';

/**
 * Proves persistence: writes a marker, recreates the container with the same
 * configuration, reads the marker back. The original container is put back
 * (same id, same state) and the marker table dropped, whatever happens.
 */
export const dataSurvivesRecreate: CheckKind<Params> = {
  name: 'mysql.data-survives-recreate',
  deep: true,
  minTimeoutSeconds: 180,
  paramsSchema: {
    type: 'object',
    required: ['container', 'port', 'dataPath', 'password', 'database'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1 },
      port: { type: 'string', pattern: '^[0-9]+/tcp$' },
      hostPort: { type: 'integer', minimum: 1, maximum: 65535, description: 'The host port the lab asks for: that binding is dialled when there is one, as mysql.login does' },
      dataPath: { type: 'string', pattern: '^/' },
      password: { type: 'string', description: 'Root password' },
      database: { type: 'string', minLength: 1, description: 'Database that receives the marker table' },
    },
  },
  async run(ctx, p) {
    const info = await findContainer(ctx, p.container);
    if (isOutcome(info)) return info;
    const storage = storageOf(info, p.dataPath);
    if (storage.kind !== 'bind' && storage.kind !== 'named') {
      return error(ctx.t('deep.refuseVolume', { path: p.dataPath }), { expected: ctx.t('volume.expected', { path: p.dataPath }), actual: storage.kind });
    }
    if (info.HostConfig.AutoRemove) return error(ctx.t('deep.refuseAutoRemove', { name: p.container }));
    if (!info.State.Running) return error(ctx.t('deep.refuseStopped', { name: p.container }));

    const docker = await ctx.docker();
    const root: Login = { user: 'root', password: p.password };
    const token = randomBytes(8).toString('hex');
    const marker = `\`${p.database}\`.\`${TABLE}\``;
    try {
      await sql(docker, info, p, root, [`CREATE TABLE IF NOT EXISTS ${marker} (token VARCHAR(32))`, `INSERT INTO ${marker} VALUES ('${token}')`]);
    } catch (err) {
      return error(ctx.t('deep.writeFailed', { reason: errorText(err) }));
    }

    const backup = `${p.container}-lab-grader-original`;
    let found: string[] = [];
    let failure: unknown;
    const interrupted = holdSignals(ctx);
    ctx.log.info({ container: p.container }, 'recreating container to prove persistence');
    try {
      const original = docker.docker.getContainer(info.Id);
      await original.stop({ t: 30 });
      await original.rename({ name: backup });
      const copy: import('dockerode').Container = await docker.docker.createContainer(recreateOptions(info, p.container));
      await copy.start();
      found = await waitForRows(ctx, docker, p.container, p, root, `SELECT token FROM ${marker}`);
    } catch (err) {
      failure = err;
    } finally {
      await restore(ctx, docker, info, p.container, backup);
      interrupted.release();
    }
    try {
      await waitForRows(ctx, docker, p.container, p, root, `DROP TABLE ${marker}`);
    } catch (err) {
      ctx.log.warn({ err }, 'could not drop the marker table');
    }
    if (failure) return error(ctx.t('deep.recreateFailed', { reason: errorText(failure) }));
    if (found.includes(token)) return pass(ctx.t('deep.survived', { path: p.dataPath }));
    return fail(ctx.t('deep.lost', { path: p.dataPath }), { expected: token, actual: found.join(', ') || '∅' });
  },
};

/** The create options `docker run` would have used for this container. */
export function recreateOptions(info: ContainerInspectInfo, name: string): ContainerCreateOptions {
  const { Hostname: _hostname, ...config } = info.Config;
  const endpoints: Record<string, EndpointSettings> = {};
  for (const [net, ep] of Object.entries(info.NetworkSettings.Networks ?? {})) {
    const e = ep as { Aliases?: string[]; Links?: string[]; IPAMConfig?: unknown };
    endpoints[net] = { Aliases: e.Aliases?.filter((a) => !info.Id.startsWith(a)), Links: e.Links, IPAMConfig: e.IPAMConfig } as EndpointSettings;
  }
  return { ...config, name, HostConfig: info.HostConfig, NetworkingConfig: { EndpointsConfig: endpoints } };
}

/** Put the student's own container back under its name, in the running state it had. */
async function restore(ctx: CheckContext, docker: DockerTarget, info: ContainerInspectInfo, name: string, backup: string) {
  const current = await docker.docker.getContainer(name).inspect().catch(() => undefined);
  if (current && current.Id !== info.Id) await docker.docker.getContainer(current.Id).remove({ force: true });
  const original = docker.docker.getContainer(info.Id);
  const now = await original.inspect();
  if (now.Name !== `/${name}`) await original.rename({ name });
  if (!now.State.Running) await original.start();
  docker.forget(name);
  ctx.log.info({ container: name }, 'original container restored');
}

async function sql(docker: DockerTarget, info: ContainerInspectInfo, at: PublishedPort, login: Login, statements: string[]) {
  const session = await connectPublished(docker, info, at, login);
  if (!session) throw new Error(`${at.port} is not published`);
  try {
    let last: unknown[] = [];
    for (const s of statements) [last] = (await session.conn.query(s)) as unknown as [unknown[]];
    return last;
  } finally {
    await session.conn.end().catch(() => session.conn.destroy());
  }
}

/** Ask the (re)started server until it answers or the check's deadline passes. */
async function waitForRows(ctx: CheckContext, docker: DockerTarget, name: string, at: PublishedPort, login: Login, query: string): Promise<string[]> {
  for (;;) {
    try {
      const info = await docker.docker.getContainer(name).inspect();
      const rows = await sql(docker, info, at, login, [query]);
      return Array.isArray(rows) ? rows.map((r) => String(Object.values(r as object)[0])) : [];
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      if ((err as { code?: string }).code === 'ER_NO_SUCH_TABLE') return [];
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

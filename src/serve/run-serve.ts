import { readFileSync } from 'node:fs';
import { gradeClass, type GradebookRow } from '../class/grade-class.js';
import { LiveBoard } from '../class/live-board.js';
import { globToRegExp, type Student } from '../class/roster.js';
import { errorCode, errorReason, UserError } from '../errors.js';
import type { Translator } from '../i18n/index.js';
import type { FeedState, KubeFeed } from '../live/kube-feed.js';
import { boardOf } from '../report/board.js';
import { gradebookCsv, gradebookJson } from '../report/gradebook.js';
import { boardBody, boardPage } from '../report/html.js';
import type { ListedKind } from '../targets/kubernetes.js';
import { isLoopbackHost, startBoardServer, type BoardServer } from './board-server.js';
import { loadLabs } from '../spec/loader.js';
import type { LabSpec } from '../spec/types.js';
import { labsRoot, session, toolVersion } from '../cli/context.js';
import type { ServeArgs } from '../cli/serve.js';
import { watchedOf } from '../checks/k8s/reads.js';
import { byGlob, readRoster } from '../cli/grade.js';
import { resolveLabs } from '../cli/grading.js';

/** Every kind a lab's checks list: each is LISTed once and then WATCHed for the whole class. */
const watchedKinds = (labs: LabSpec[]): ListedKind[] => [...new Set(labs.flatMap((l) => watchedOf(l).kinds))].sort();

/**
 * `lab serve`: the class board, live. One LIST then one WATCH per kind for the whole class
 * (src/live/kube-feed.ts); a change grades again the students it concerns from what the
 * WATCH keeps, so the API server sees no more requests for 50 students than for one.
 */
export async function runServe(args: ServeArgs): Promise<void> {
  const { lang, t, log } = session(args);
  // Everything that can be refused is refused before the cluster is asked anything.
  const token = args.tokenFile === undefined ? undefined : readToken(t, args.tokenFile);
  if (!token && !isLoopbackHost(args.host)) throw new UserError(t('serve.needsToken', { host: args.host }));
  const all = loadLabs(labsRoot(), t);
  const labs = args.labs?.length ? resolveLabs(t, all, args.labs) : all.filter((l) => l.target === 'kubernetes');
  const docker = labs.filter((l) => l.target !== 'kubernetes');
  if (docker.length) throw new UserError(t('grade.classIsKube', { labs: docker.map((l) => l.id).join(', ') }));
  const roster = args.roster ? readRoster(t, args.roster) : undefined;
  const otherContext = roster?.find((s) => s.context && s.context !== args.context);
  if (otherContext) throw new UserError(t('serve.oneContext', { student: otherContext.student, context: otherContext.context! }));

  const tool = { name: 'lab-grader', version: toolVersion() };
  let rows: GradebookRow[] = [];
  let status = t('serve.grading');
  const page = () => boardPage(boardOf(rows), { lang, live: true, status, downloads: { csv: 'gradebook.csv', json: 'gradebook.json' } });
  const time = () => new Date().toTimeString().slice(0, 8);
  const boardEvent = (changes: string[] = []) => ({ event: 'board', data: { html: boardBody(boardOf(rows), lang), time: time(), changes, students: new Set(rows.map((r) => r.namespace)).size } });

  let server: BoardServer;
  try {
    server = await startBoardServer(
      { page, csv: () => gradebookCsv(rows), json: () => gradebookJson(rows, tool), hello: () => boardEvent(), unauthorized: t('serve.unauthorized') },
      { host: args.host, port: args.port, token },
    );
  } catch (err) {
    throw listenError(t, err, args.host, args.port);
  }

  let feed: KubeFeed | undefined;
  let board: LiveBoard | undefined;
  const stop = async () => {
    board?.close();
    feed?.stop();
    await server.close();
  };
  try {
    const { KubeTarget } = await import('../targets/kubernetes.js');
    const target = await KubeTarget.connect(t, { kubeconfig: args.kubeconfig, context: args.context, clusterWide: true });
    const students = roster ?? (await byGlob(t, target, args.namespaces!));
    const globs = roster ? roster.map((s) => s.namespace) : args.namespaces!;
    const inClass = globs.map(globToRegExp);
    const liveBoard = new LiveBoard(students, {
      grade: (who: Student[]) => gradeClass(labs, who, { lang, t, log, timeoutSeconds: args.timeout, target: async () => target }),
      onUpdate: (u) => {
        rows = u.rows;
        const changes = u.changes.map((c) => t('board.changed', { student: c.student, check: c.check, state: t(`report.state.${c.state}`) }));
        const { event, data } = boardEvent(changes);
        server.publish(event, data);
      },
      onError: (err) => process.stderr.write(`lab: ${t('serve.gradeFailed', { reason: errorReason(err) })}\n`),
      admit: roster ? undefined : (namespace) => (inClass.some((g) => g.test(namespace)) ? { student: namespace, namespace } : undefined),
    });
    board = liveBoard;
    const { watchKinds } = await import('../live/kube-feed.js');
    const onState = (s: FeedState) => {
      const text = s.state === 'lost' ? t('serve.lost', { kind: s.kind, reason: s.reason ?? '' }) : t('serve.back', { kind: s.kind });
      process.stderr.write(`lab: ${text}\n`);
      server.publish('state', { text, lost: s.state === 'lost' });
    };
    feed = await watchKinds(target, watchedKinds(labs), { glob: globs, onState }, (change) => liveBoard.changed(change.namespace));
    await liveBoard.start();
    status = '';
  } catch (err) {
    await stop();
    throw err;
  }
  const shown = token ? `${server.url}?token=${encodeURIComponent(token)}` : server.url;
  process.stderr.write(`lab: ${t('serve.listening', { url: shown, students: new Set(rows.map((r) => r.namespace)).size })}\n`);
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await stop();
  process.stderr.write(`lab: ${t('serve.stopped')}\n`);
  // The Kubernetes client keeps idle connections open; nothing is left to do.
  process.exit(0);
}

function readToken(t: Translator, file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(t('serve.tokenUnreadable', { file, reason: errorReason(err) }), err);
  }
  const token = text.trim();
  if (token.length < 16 || /\s/.test(token)) throw new UserError(t('serve.tokenWeak', { file }));
  return token;
}

function listenError(t: Translator, err: unknown, host: string, port: number): UserError {
  const code = errorCode(err);
  if (code === 'EADDRINUSE') return new UserError(t('serve.portInUse', { port, host }), err);
  if (code === 'EACCES') return new UserError(t('serve.portDenied', { port }), err);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new UserError(t('serve.badHost', { host }), err);
  return new UserError(t('serve.cannotListen', { host, port, reason: errorReason(err) }), err);
}

import type { CommandModule } from 'yargs';
import { watchedOf } from '../checks/k8s/reads.js';
import type { Translator } from '../i18n/index.js';
import type { DockerFeed } from '../live/docker-feed.js';
import type { KubeChange, KubeFeed } from '../live/kube-feed.js';
import { kubeKey, type ReadKey } from '../live/reads.js';
import { Regrader } from '../live/regrader.js';
import { changeLines, TerminalView, type Frame, type LabView } from '../live/view.js';
import { exitCodeOf, totalOf, type LabResult } from '../runner/result.js';
import { loadLabs } from '../spec/loader.js';
import { labsRoot, session, toolVersion, type GlobalArgs } from './context.js';
import { gradingOptions, lazyTargets, resolveLabs, type GradingArgs } from './grading.js';

type Args = GradingArgs & { lab: string[]; namespace?: string };

const clock = (d: Date) => d.toTimeString().slice(0, 8);

/**
 * `lab watch`: grades once, then again on every change the engine's events or the cluster's
 * WATCHes report, re-asking only the checks that read what changed. Read-only, like lab check.
 */
export const watchCommand = (t: Translator): CommandModule<GlobalArgs, Args> => ({
  command: 'watch <lab..>',
  describe: t('help.watch'),
  builder: (y) =>
    gradingOptions(y, t)
      .positional('lab', { type: 'string', array: true, demandOption: true, describe: t('help.watchLabs') })
      .option('namespace', { alias: 'n', type: 'string', describe: t('help.namespace') }),
  async handler(args) {
    const { lang, log } = session(args);
    const labs = resolveLabs(t, loadLabs(labsRoot(), t), args.lab);
    const targets = lazyTargets(t, { kubeconfig: args.kubeconfig, context: args.context }, { host: args.dockerHost, context: args.dockerContext });
    const out = process.stdout;
    const views = new Map<string, LabView>();
    const lostStreams = new Map<string, { target: string; reason: string; since: Date }>();
    // Made once the targets answer, so that a refusal to start leaves the cursor alone.
    let terminal: TerminalView | undefined;
    const say = (line: string) => out.write(`${line}\n`);
    const frame = (): Frame => ({
      labs: labs.flatMap((l) => views.get(l.id) ?? []),
      lost: [...lostStreams.values()][0],
      updated: new Date(),
    });

    const regraders = labs.map((lab) => new Regrader(lab, {
      runner: { lang, t, log, timeoutSeconds: args.timeout, deep: false, namespace: args.namespace, ...targets },
      onResult: ({ result, settling }) => {
        const before = views.get(lab.id);
        const after = { result, settling };
        views.set(lab.id, after);
        if (terminal) terminal.draw(frame());
        else for (const line of changeLines(before, after, t, new Date())) say(line);
      },
    }));
    const dockerRegraders = regraders.filter((r) => r.lab.target === 'docker');
    const kubeRegraders = regraders.filter((r) => r.lab.target === 'kubernetes');

    const feeds: (DockerFeed | KubeFeed)[] = [];
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      for (const r of regraders) r.stop();
      for (const f of feeds) f.stop();
      terminal?.close();
      const results = regraders.map((r) => r.last).filter((r): r is LabResult => !!r);
      // Interrupted before a first verdict: the shell's code for SIGINT.
      const code = results.length === labs.length ? exitCodeOf({ schemaVersion: 1, tool: { name: 'lab-grader', version: toolVersion() }, labs: results, total: totalOf(results) }) : 130;
      if (!terminal) say('');
      process.exitCode = code;
      // Open sockets (a keep-alive agent) must not hold the process once the feeds are stopped.
      setTimeout(() => process.exit(code), 300).unref();
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);

    const stateChanged = (key: string, target: string, state: 'watching' | 'lost', reason?: string) => {
      const now = new Date();
      if (state === 'lost') {
        if (!lostStreams.size && !terminal) say(t('watch.lostLine', { time: clock(now), target, reason: reason ?? '' }));
        lostStreams.set(key, { target, reason: reason ?? '', since: now });
      } else {
        lostStreams.delete(key);
        if (!lostStreams.size && !terminal) say(t('watch.backLine', { time: clock(now), target }));
      }
      terminal?.draw(frame());
    };

    // The feeds start before the first grade, so that nothing that happens meanwhile is missed.
    if (dockerRegraders.length) {
      const { watchDocker } = await import('../live/docker-feed.js');
      const engine = await targets.docker();
      feeds.push(await watchDocker(engine, { onState: (s) => stateChanged('docker', t('watch.engine'), s.state, s.reason) }, (change) => {
        for (const r of dockerRegraders) r.changed(change.keys);
      }));
    }
    if (kubeRegraders.length) {
      const { watchKinds } = await import('../live/kube-feed.js');
      const kube = await targets.kube();
      const kinds = new Set(kubeRegraders.flatMap((r) => watchedOf(r.lab, args.namespace).kinds));
      const namespaces = new Set(kubeRegraders.flatMap((r) => watchedOf(r.lab, args.namespace).namespaces));
      const keysOf = (c: KubeChange): ReadKey[] => (c.namespace === undefined ? [`k8s:${c.kind}/*`] : [kubeKey(c.kind, c.namespace)]);
      feeds.push(await watchKinds(kube, [...kinds], {
        namespaces: [...namespaces],
        skipForbidden: true,
        onState: (s) => stateChanged(`k8s:${s.kind}/${s.namespace ?? ''}`, t('watch.cluster'), s.state, s.reason),
      }, (change) => {
        for (const r of kubeRegraders) r.changed(keysOf(change));
      }));
    }
    if (finished) return finish();
    if (out.isTTY) terminal = new TerminalView(out, t);
    else say(t('watch.watching', { labs: labs.map((l) => `${l.id} (${l.slug})`).join(', ') }));
    try {
      await Promise.all(regraders.map((r) => r.start()));
    } catch (err) {
      // An exit 2 (a lab's target refused it) says its one line on a clean terminal.
      for (const f of feeds) f.stop();
      terminal?.close();
      throw err;
    }
    // Until Ctrl-C: the feeds' streams hold the process; this keeps it while they reconnect too.
    setInterval(() => undefined, 1 << 30);
    await new Promise<void>(() => {});
  },
});

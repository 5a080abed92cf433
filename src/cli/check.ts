import type { CommandModule } from 'yargs';
import { UserError } from '../errors.js';
import { githubSummary } from '../report/github.js';
import { reporters, type Format } from '../report/index.js';
import { exitCodeOf, totalOf, type LabResult, type RunResult } from '../runner/result.js';
import { runLab } from '../runner/run-lab.js';
import { findLab, loadLabs } from '../spec/loader.js';
import type { DockerTarget } from '../targets/docker.js';
import type { KubeTarget } from '../targets/kubernetes.js';
import type { Translator } from '../i18n/index.js';
import { labsRoot, session, toolVersion, type GlobalArgs } from './context.js';
import { appendStepSummary, outputOptions, reportWriter, type OutputArgs } from './report-output.js';

type Args = GlobalArgs & OutputArgs & {
  lab: string[];
  format: Format;
  timeout: number;
  deep: boolean;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  manifest?: string;
};

export const checkCommand = (t: Translator): CommandModule<GlobalArgs, Args> => ({
  command: 'check <lab..>',
  describe: t('help.check'),
  builder: (y) =>
    outputOptions(y, t)
      .positional('lab', { type: 'string', array: true, demandOption: true, describe: t('help.lab') })
      .option('format', { alias: 'f', choices: Object.keys(reporters) as Format[], default: 'pretty' as Format, describe: t('help.format') })
      .option('timeout', { type: 'number', default: 30, describe: t('help.timeout') })
      .option('deep', { type: 'boolean', default: false, describe: t('help.deep') })
      .option('kubeconfig', { type: 'string', describe: t('help.kubeconfig') })
      .option('context', { type: 'string', describe: t('help.context') })
      .option('namespace', { alias: 'n', type: 'string', describe: t('help.namespace') })
      .option('manifest', { type: 'string', describe: t('help.manifest') })
      .check((a) => {
        if (!(a.timeout > 0)) throw new Error(t('help.timeoutPositive'));
        return true;
      }),
  async handler(args) {
    const { lang, log } = session(args);
    const emit = reportWriter(args, args.format, args.format === 'json', t);
    const all = loadLabs(labsRoot());
    const labs = args.lab.map((wanted) => {
      const lab = findLab(all, String(wanted));
      if (!lab) throw new UserError(t('cli.unknownLab', { lab: String(wanted), labs: all.map((l) => `${l.id} (${l.slug})`).join(', ') }));
      return lab;
    });

    // Targets are connected on first use and shared by every lab of the run.
    let docker: Promise<DockerTarget> | undefined;
    let kube: Promise<KubeTarget> | undefined;
    const targets = {
      docker: () => (docker ??= import('../targets/docker.js').then((m) => m.DockerTarget.connect(t))),
      kube: () =>
        (kube ??= import('../targets/kubernetes.js').then((m) =>
          m.KubeTarget.connect(t, { kubeconfig: args.kubeconfig, context: args.context, namespace: args.namespace }),
        )),
    };

    const results: LabResult[] = [];
    for (const lab of labs) {
      results.push(
        await runLab(lab, {
          lang, t, log,
          timeoutSeconds: args.timeout,
          deep: args.deep,
          manifest: args.manifest,
          namespace: args.namespace,
          ...targets,
        }),
      );
    }
    const result: RunResult = { schemaVersion: 1, tool: { name: 'lab-grader', version: toolVersion() }, labs: results, total: totalOf(results) };
    const color = !args.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
    const report = reporters[args.format](result, { lang, color });
    emit(report);
    if (args.format === 'github') appendStepSummary(githubSummary(result, { lang, color: false }), t);
    process.exitCode = exitCodeOf(result);
  },
});

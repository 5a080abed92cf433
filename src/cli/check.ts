import type { CommandModule } from 'yargs';
import type { Translator } from '../i18n/index.js';
import { githubSummary } from '../report/github.js';
import { reporters, type Format } from '../report/index.js';
import { exitCodeOf, totalOf, type LabResult, type RunResult } from '../runner/result.js';
import { runLab } from '../runner/run-lab.js';
import { loadLabs } from '../spec/loader.js';
import { labsRoot, session, toolVersion, type GlobalArgs } from './context.js';
import { formatOption, gradingOptions, lazyTargets, resolveLabs, useColor, type GradingArgs } from './grading.js';
import { forStudent, redactResult } from '../spec/student.js';
import { courseSecretOf, studentOptions, type StudentArgs } from './student-options.js';
import { startTrace, traceOptions, type TraceArgs } from './trace-options.js';
import { appendStepSummary, outputOptions, reportWriter, type OutputArgs } from './report-output.js';

type Args = GradingArgs & OutputArgs & TraceArgs & StudentArgs & {
  lab: string[];
  format: Format;
  deep: boolean;
  namespace?: string;
  manifest?: string;
  chart?: string;
};

export const checkCommand = (t: Translator): CommandModule<GlobalArgs, Args> => ({
  command: 'check <lab..>',
  describe: t('help.check'),
  builder: (y) =>
    studentOptions(formatOption(traceOptions(outputOptions(gradingOptions(y, t), t), t), t), t)
      .positional('lab', { type: 'string', array: true, demandOption: true, describe: t('help.lab') })
      .option('deep', { type: 'boolean', default: false, describe: t('help.deep') })
      .option('namespace', { alias: 'n', type: 'string', describe: t('help.namespace') })
      .option('manifest', { type: 'string', describe: t('help.manifest') })
      .option('chart', { type: 'string', describe: t('help.chart') }),
  async handler(args) {
    const { lang, log } = session(args);
    const emit = reportWriter(args, args.format, args.format === 'json', t);
    const secret = courseSecretOf(args, t);
    const labs = resolveLabs(t, loadLabs(labsRoot(), t), args.lab).map((lab) => forStudent(lab, secret, args.student, t));
    const tracing = startTrace(args, args.format === 'json', t);
    const plain = lazyTargets(t, { kubeconfig: args.kubeconfig, context: args.context }, { host: args.dockerHost, context: args.dockerContext });
    const targets = tracing ? tracing.wrap(plain) : plain;
    // A person gets one line when the engine cannot be reached; a machine format still gets its
    // report (every check an error, no points lost), or a CI or Gradescope job has nothing to read.
    const recordUnreachable = args.format !== 'pretty';
    const results: LabResult[] = [];
    for (const lab of labs) {
      results.push(redactResult(lab, await runLab(lab, { lang, t, log, timeoutSeconds: args.timeout, deep: args.deep, manifest: args.manifest, chart: args.chart, namespace: args.namespace, recordUnreachable, ...targets }), t));
    }
    const result: RunResult = { schemaVersion: 1, tool: { name: 'lab-grader', version: toolVersion() }, labs: results, total: totalOf(results) };
    await tracing?.finish(result);
    emit(reporters[args.format](result, { lang, color: useColor(args.output) }));
    if (args.format === 'github') appendStepSummary(githubSummary(result, { lang, color: false }), t);
    for (const reason of new Set(results.flatMap((l) => (l.error ? [l.error] : [])))) process.stderr.write(`lab: ${reason}\n`);
    process.exitCode = exitCodeOf(result);
  },
});

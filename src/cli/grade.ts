import { readFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { gradeClass, type GradebookRow } from '../class/grade-class.js';
import { gradebookData, parseConfigMapRef, storeGradebook } from '../class/gradebook-configmap.js';
import { globToRegExp, parseRoster, RosterError, type Student } from '../class/roster.js';
import { UserError } from '../errors.js';
import type { Translator } from '../i18n/index.js';
import { githubSummary } from '../report/github.js';
import { gradebookCsv, gradebookJson } from '../report/gradebook.js';
import { gradebookHtml } from '../report/html.js';
import { reporters, type Format } from '../report/index.js';
import { embedSignature } from '../report/sign.js';
import { exitCodeOf, totalOf, type LabResult, type RunResult } from '../runner/result.js';
import { runLab } from '../runner/run-lab.js';
import { loadLabs } from '../spec/loader.js';
import type { LabSpec } from '../spec/types.js';
import type { KubeTarget } from '../targets/kubernetes.js';
import { forStudent, redactResult, studentOfNamespace } from '../spec/student.js';
import { courseSecretOf, studentOptions, type StudentArgs } from './student-options.js';
import { labsRoot, session, toolVersion, type GlobalArgs, type Session } from './context.js';
import { gradingOptions, lazyTargets, resolveLabs, useColor, type GradingArgs } from './grading.js';
import { startTrace, traceOptions, type TraceArgs } from './trace-options.js';
import { appendStepSummary, outputOptions, readKeyFile, reportWriter, type OutputArgs } from './report-output.js';

type Args = GradingArgs & OutputArgs & TraceArgs & StudentArgs & {
  labs?: string[];
  format?: Format | 'csv';
  minScore?: number;
  deep: boolean;
  namespace?: string;
  namespaces?: string[];
  roster?: string;
  configmap?: string;
};

const tool = () => ({ name: 'lab-grader', version: toolVersion() });

/**
 * `lab grade`: scores for one student over several labs, or, with --namespaces or --roster,
 * a gradebook for a whole class on one cluster.
 */
export const gradeCommand = (t: Translator): CommandModule<GlobalArgs, Args> => ({
  command: 'grade [labs..]',
  describe: t('help.grade'),
  builder: (y) =>
    studentOptions(traceOptions(outputOptions(gradingOptions(y, t), t), t), t)
      .positional('labs', { type: 'string', array: true, describe: t('help.gradeLabs') })
      .option('format', { alias: 'f', choices: [...Object.keys(reporters), 'csv'] as (Format | 'csv')[], describe: t('help.gradeFormat') })
      .option('min-score', { type: 'number', describe: t('help.minScore') })
      .option('deep', { type: 'boolean', default: false, describe: t('help.deep') })
      .option('namespace', { alias: 'n', type: 'string', describe: t('help.namespace') })
      .option('namespaces', { type: 'string', array: true, describe: t('help.namespaces') })
      .option('roster', { type: 'string', describe: t('help.roster') })
      .option('configmap', { type: 'string', describe: t('help.configMap') })
      .conflicts('namespaces', ['roster', 'namespace'])
      .conflicts('roster', 'namespace')
      .check((a) => (a['min-score'] === undefined || Number.isFinite(a['min-score']) ? true : t('help.minScoreNumber')))
      .check((a) => (a.configmap === undefined || parseConfigMapRef(a.configmap) ? true : t('help.configMapRef', { ref: a.configmap }))),
  async handler(args) {
    const s = session(args);
    const all = loadLabs(labsRoot(), t);
    const wanted = args.labs?.length ? resolveLabs(t, all, args.labs) : undefined;
    if (args.namespaces?.length || args.roster) await gradeAClass(args, s, wanted, all);
    else await gradeOne(args, s, wanted ?? all);
  },
});

async function gradeOne(args: Args, { lang, t, log }: Session, labs: LabSpec[]) {
  const format = args.format ?? 'pretty';
  if (format === 'csv') throw new UserError(t('grade.csvIsForClass'));
  if (args.configmap) throw new UserError(t('grade.configMapIsForClass'));
  const emit = reportWriter(args, format, format === 'json', t);
  const tracing = startTrace(args, format === 'json', t);
  const plain = lazyTargets(t, { kubeconfig: args.kubeconfig, context: args.context }, { host: args.dockerHost, context: args.dockerContext });
  const targets = tracing ? tracing.wrap(plain) : plain;
  const results: LabResult[] = [];
  const secret = courseSecretOf(args, t);
  for (const spec of labs) {
    const lab = forStudent(spec, secret, args.student, t);
    results.push(redactResult(lab, await runLab(lab, { lang, t, log, timeoutSeconds: args.timeout, deep: args.deep, namespace: args.namespace, recordUnreachable: true, ...targets }), t));
  }
  const result: RunResult = { schemaVersion: 1, tool: tool(), labs: results, total: totalOf(results) };
  await tracing?.finish(result);
  emit(reporters[format](result, { lang, color: useColor(args.output) }));
  if (format === 'github') appendStepSummary(githubSummary(result, { lang, color: false }), t);
  process.exitCode = exitCodeOf(result, args.minScore);
}

async function gradeAClass(args: Args, { lang, t, log }: Session, wanted: LabSpec[] | undefined, all: LabSpec[]) {
  const format = args.format ?? 'csv';
  // A trace is one student's report's; a gradebook of a whole class carries none.
  if (args.nonce !== undefined || args.examToken !== undefined) throw new UserError(t('trace.notForClass'));
  if (format !== 'csv' && format !== 'json' && format !== 'html') throw new UserError(t('grade.classFormats', { format }));
  const docker = (wanted ?? []).filter((l) => l.target !== 'kubernetes');
  if (docker.length) throw new UserError(t('grade.classIsKube', { labs: docker.map((l) => l.id).join(', ') }));
  const labs = wanted ?? all.filter((l) => l.target === 'kubernetes');
  const emit = reportWriter(args, format, format === 'json', t);

  const { KubeTarget } = await import('../targets/kubernetes.js');
  const targets = new Map<string, Promise<KubeTarget>>();
  const target = (context = args.context) => {
    const key = context ?? '';
    if (!targets.has(key)) targets.set(key, KubeTarget.connect(t, { kubeconfig: args.kubeconfig, context, clusterWide: true }));
    return targets.get(key)!;
  };

  const students = args.roster ? readRoster(t, args.roster) : await byGlob(t, await target(), args.namespaces!);
  // Per-student parameters: the roster's student column, or the namespace without the glob's prefix (alumno-ana: ana).
  const secret = courseSecretOf(args, t);
  const personal = secret ? (lab: LabSpec, s: { student: string; namespace: string }) => forStudent(lab, secret, args.roster ? s.student : studentOfNamespace(s.namespace, args.namespaces!), t) : undefined;
  const rows = await gradeClass(labs, students, { lang, t, log, timeoutSeconds: args.timeout, target, personal, redact: (lab, r) => redactResult(lab, r, t) });
  const generatedAt = new Date().toISOString();
  if (format === 'html') emit(gradebookHtml(rows, { lang, generatedAt, csv: gradebookCsv(rows), json: gradebookJson(rows, tool()) }));
  else emit(format === 'csv' ? gradebookCsv(rows) : gradebookJson(rows, tool()));
  if (args.configmap) await keepInConfigMap(args, t, (await target()).config, rows, generatedAt);
  // A cluster that could not be reached leaves its students ungraded: say why, once per context,
  // and never let a class job go green when some students were not graded at all.
  let unreachable = 0;
  for (const [context, pending] of targets) {
    const err = await pending.then(() => undefined, (e: unknown) => e);
    if (!err) continue;
    unreachable++;
    process.stderr.write(`lab: ${t('grade.contextUnreachable', { context: context || t('grade.currentContext'), reason: err instanceof Error ? err.message : String(err) })}\n`);
  }
  process.exitCode = args.minScore !== undefined ? classExitCode(rows, args.minScore) : unreachable ? 2 : 0;
}

/**
 * --configmap NAMESPACE/NAME: the gradebook, CSV and JSON, also goes to that ConfigMap (the chart's
 * CronJob keeps the latest one there); with --sign-key its JSON carries the signature.
 */
async function keepInConfigMap(args: Args, t: Translator, config: KubeTarget['config'], rows: GradebookRow[], generatedAt: string) {
  const json = gradebookJson(rows, tool());
  const signed = args.signKey === undefined ? json : embedSignature(json, readKeyFile(args.signKey, t));
  await storeGradebook(config, parseConfigMapRef(args.configmap!)!, gradebookData(gradebookCsv(rows), signed, generatedAt), t);
}

export function readRoster(t: Translator, file: string): Student[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(t('grade.rosterUnreadable', { file, reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
  }
  try {
    const students = parseRoster(text);
    if (students.length === 0) throw new RosterError('empty');
    return students;
  } catch (err) {
    if (err instanceof RosterError) throw new UserError(t('grade.rosterInvalid', { file, reason: t(`roster.${err.key}`, err.params) }));
    throw err;
  }
}

export async function byGlob(t: Translator, target: KubeTarget, globs: string[]): Promise<Student[]> {
  const patterns = globs.map(globToRegExp);
  const names = (await target.namespaces()).filter((n) => patterns.some((p) => p.test(n))).sort();
  if (names.length === 0) throw new UserError(t('grade.noNamespaces', { globs: globs.join(', ') }));
  return names.map((namespace) => ({ student: namespace, namespace }));
}

/** 1 when some student's total is below the minimum; 2 when that cannot be told because their grade is incomplete. */
function classExitCode(rows: GradebookRow[], minScore: number): 0 | 1 | 2 {
  const byStudent = new Map<string, LabResult[]>();
  for (const r of rows) {
    const key = `${r.context ?? ''}/${r.namespace}`;
    byStudent.set(key, [...(byStudent.get(key) ?? []), r.lab]);
  }
  const codes = [...byStudent.values()].map((labs) => exitCodeOf({ schemaVersion: 1, tool: tool(), labs, total: totalOf(labs) }, minScore));
  return codes.includes(1) ? 1 : codes.includes(2) ? 2 : 0;
}

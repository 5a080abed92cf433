import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { UserError } from '../errors.js';
import type { Translator } from '../i18n/index.js';
import { selftestJunit } from '../selftest/junit.js';
import { preflight, selftestLab, type LabSelftest } from '../selftest/run.js';
import { allOk, selftestTable } from '../selftest/table.js';
import { loadLabs } from '../spec/loader.js';
import { labsRoot, session, type GlobalArgs } from './context.js';
import { gradingOptions, resolveLabs, type GradingArgs } from './grading.js';
import { courseSecretOf, studentOptions, type StudentArgs } from './student-options.js';

type Args = GradingArgs & StudentArgs & {
  students?: number;
  lab?: string[];
  labs?: string;
  format: 'table' | 'junit';
  force: boolean;
  namespacePrefix?: string;
  nodeSelector?: string;
  offline: boolean;
};

export const selftestCommand = (t: Translator): CommandModule<GlobalArgs, Args> => ({
  command: 'selftest [lab..]',
  describe: t('help.selftest'),
  builder: (y) =>
    studentOptions(gradingOptions(y, t), t, false)
      .option('students', { type: 'number', describe: t('help.selftestStudents') })
      .positional('lab', { type: 'string', array: true, describe: t('help.selftestLabs') })
      .option('labs', { type: 'string', describe: t('help.selftestLabsDir') })
      .option('format', { alias: 'f', choices: ['table', 'junit'] as const, default: 'table' as const, describe: t('help.selftestFormat') })
      .option('force', { type: 'boolean', default: false, describe: t('help.selftestForce') })
      .option('namespace-prefix', { type: 'string', describe: t('help.selftestPrefix') })
      .option('node-selector', { type: 'string', describe: t('help.selftestNodeSelector') })
      .option('offline', { type: 'boolean', default: false, describe: t('help.selftestOffline') }),
  async handler(args) {
    const { lang, log } = session(args);
    const all = loadLabs(args.labs ? resolve(args.labs) : labsRoot(), t);
    const labs = args.lab?.length ? resolveLabs(t, all, args.lab) : all;
    const [key, ...value] = (args.nodeSelector ?? '').split('=');
    if (args.nodeSelector && (!key || !value.length)) throw new UserError(`--node-selector ${args.nodeSelector}: key=value`);
    const opts = {
      lang,
      t,
      log,
      timeout: args.timeout,
      force: args.force,
      engine: { host: args.dockerHost, context: args.dockerContext },
      kube: { kubeconfig: args.kubeconfig, context: args.context },
      prefix: args.namespacePrefix,
      nodeSelector: args.nodeSelector ? { [key]: value.join('=') } : undefined,
      offline: args.offline,
      labs: all,
      // Generated students student-1..N; their values come from --course-secret, or a selftest secret of its own.
      students: args.students ? { ids: Array.from({ length: Math.max(2, Math.floor(args.students)) }, (_, i) => `student-${i + 1}`), secret: courseSecretOf(args, t) } : undefined,
    };
    await preflight(labs, opts);
    const results: LabSelftest[] = [];
    for (const lab of labs) results.push(await selftestLab(lab, opts));
    process.stdout.write(args.format === 'junit' ? selftestJunit(results) : selftestTable(results, t));
    process.exitCode = allOk(results) ? 0 : 1;
  },
});

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { UserError } from '../errors.js';
import { resolveLang, translator } from '../i18n/index.js';
import { yargsStrings } from '../i18n/yargs-locale.js';
import { checkCommand } from './check.js';
import { clusterCommand } from './cluster.js';
import { doctorCommand } from './doctor.js';
import { examCommand } from './exam.js';
import { gradeCommand } from './grade.js';
import { toolVersion } from './context.js';
import { listCommand } from './list.js';
import { serveCommand } from './serve.js';
import { selftestCommand } from './selftest.js';
import { showCommand } from './show.js';
import { validateCommand } from './validate.js';
import { verifyReportCommand } from './verify-report.js';
import { watchCommand } from './watch.js';

const argv = hideBin(process.argv);
const verbose = argv.includes('--verbose') || argv.includes('-v');
// The language is needed before yargs parses, for the help text itself.
const langFlag = argv.find((a, i) => argv[i - 1] === '--lang' || a.startsWith('--lang='))?.replace('--lang=', '');
const lang = resolveLang(langFlag);
const t = translator(lang);

/** Exit 2 with one line; the stack only with --verbose. */
function die(err: unknown): never {
  let message = err instanceof Error ? err.message : String(err);
  // A malformed lab spec: its first problem (file:line: path: problem); lab validate lists them all.
  const problems = (err as { problems?: { file: string; line: number; path: string; message: string }[] })?.problems;
  if (err instanceof UserError && problems?.length) {
    message = message.split('\n')[0] + (problems.length > 1 ? ` ${t('spec.more', { count: problems.length - 1 })}` : '');
  }
  process.stderr.write(`lab: ${err instanceof UserError || !(err instanceof Error) ? message : `unexpected error: ${message} (--verbose shows details)`}\n`);
  if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(2);
}

// No top-level await: the single executable runs this bundled as CommonJS.
try {
  void yargs(argv)
    .scriptName('lab')
    .locale(lang)
    .updateLocale(yargsStrings(lang))
    .usage(`$0 <command>\n\n${t('help.usage')}`)
    .option('lang', { choices: ['es', 'en'], describe: t('help.lang') })
    .option('verbose', { alias: 'v', type: 'boolean', describe: t('help.verbose') })
    .command(listCommand(t))
    .command(showCommand(t))
    .command(checkCommand(t))
    .command(gradeCommand(t))
    .command(validateCommand(t))
    .command(verifyReportCommand(t))
    .command(examCommand(t))
    .command(clusterCommand(t))
    .command(doctorCommand(t))
    .command(serveCommand(t))
    .command(watchCommand(t))
    .command(selftestCommand(t))
    .demandCommand(1, t('help.demand'))
    .strict()
    .version(toolVersion())
    .help()
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`lab: ${msg} (lab --help)\n`);
      process.exit(2);
    })
    .parseAsync()
    .catch(die);
} catch (err) {
  die(err);
}

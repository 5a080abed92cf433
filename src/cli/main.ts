#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { UserError } from '../errors.js';
import { checkCommand } from './check.js';
import { toolVersion } from './context.js';
import { listCommand } from './list.js';
import { showCommand } from './show.js';
import { validateCommand } from './validate.js';

const argv = hideBin(process.argv);
const verbose = argv.includes('--verbose') || argv.includes('-v');

/** Exit 2 with one line; the stack only with --verbose. */
function die(err: unknown): never {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`lab: ${err instanceof UserError || !(err instanceof Error) ? message : `unexpected error: ${message} (--verbose shows details)`}\n`);
  if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(2);
}

try {
  await yargs(argv)
    .scriptName('lab')
    .usage('$0 <command>\n\nGrades hands-on Docker and Kubernetes labs. / Corrige prácticas de Docker y Kubernetes.')
    .option('lang', { choices: ['es', 'en'], describe: 'Language of the report (default: from LANG, else es)' })
    .option('verbose', { alias: 'v', type: 'boolean', describe: 'Debug logs on stderr' })
    .command(listCommand)
    .command(showCommand)
    .command(checkCommand)
    .command(validateCommand)
    .demandCommand(1, 'Give a command: list, show, check or validate')
    .strict()
    .version(toolVersion())
    .help()
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`lab: ${msg} (lab --help)\n`);
      process.exit(2);
    })
    .parseAsync();
} catch (err) {
  die(err);
}

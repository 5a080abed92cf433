import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { UserError } from '../errors.js';
import { findLab, loadLabs } from '../spec/loader.js';
import type { Translator } from '../i18n/index.js';
import { forStudent, statementFor } from '../spec/student.js';
import { labsRoot, session, type GlobalArgs } from './context.js';
import { courseSecretOf, studentOptions, type StudentArgs } from './student-options.js';

type Args = GlobalArgs & StudentArgs & { lab: string };

export const showCommand = (t: Translator): CommandModule<GlobalArgs, Args> => ({
  command: 'show <lab>',
  describe: t('help.show'),
  builder: (y) => studentOptions(y, t).positional('lab', { type: 'string', demandOption: true, describe: t('help.lab') }),
  handler(args) {
    const { lang } = session(args);
    const labs = loadLabs(labsRoot(), t);
    const lab = findLab(labs, args.lab);
    if (!lab) throw new UserError(t('cli.unknownLab', { lab: args.lab, labs: labs.map((l) => `${l.id} (${l.slug})`).join(', ') }));
    // Without a course secret (or --student) the statement shows the course's values, as always.
    const mine = args.student !== undefined ? forStudent(lab, courseSecretOf(args, t), args.student, t) : lab;
    process.stdout.write(statementFor(readFileSync(join(lab.dir, `task.${lang}.md`), 'utf8'), mine));
  },
});

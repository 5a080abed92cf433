import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { UserError } from '../errors.js';
import { findLab, loadLabs } from '../spec/loader.js';
import type { Translator } from '../i18n/index.js';
import { labsRoot, session, type GlobalArgs } from './context.js';

type Args = GlobalArgs & { lab: string };

export const showCommand = (t: Translator): CommandModule<GlobalArgs, Args> => ({
  command: 'show <lab>',
  describe: t('help.show'),
  builder: (y) => y.positional('lab', { type: 'string', demandOption: true, describe: t('help.lab') }),
  handler(args) {
    const { lang } = session(args);
    const labs = loadLabs(labsRoot(), t);
    const lab = findLab(labs, args.lab);
    if (!lab) throw new UserError(t('cli.unknownLab', { lab: args.lab, labs: labs.map((l) => `${l.id} (${l.slug})`).join(', ') }));
    process.stdout.write(readFileSync(join(lab.dir, `task.${lang}.md`), 'utf8'));
  },
});

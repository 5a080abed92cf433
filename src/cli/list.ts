import type { CommandModule } from 'yargs';
import { loadLabs } from '../spec/loader.js';
import type { Translator } from '../i18n/index.js';
import { labsRoot, session, type GlobalArgs } from './context.js';

export const listCommand = (t: Translator): CommandModule<GlobalArgs, GlobalArgs> => ({
  command: 'list',
  describe: t('help.list'),
  handler(args) {
    const { lang } = session(args);
    const labs = loadLabs(labsRoot(), t);
    const rows = [[t('list.id'), t('list.slug'), t('list.target'), t('list.title')], ...labs.map((l) => [l.id, l.slug, l.target, l.title[lang]])];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    process.stdout.write(rows.map((r) => r.map((cell, i) => (i < r.length - 1 ? cell.padEnd(widths[i]) : cell)).join('  ')).join('\n') + '\n');
  },
});

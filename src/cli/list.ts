import type { CommandModule } from 'yargs';
import { loadLabs } from '../spec/loader.js';
import { labsRoot, session, type GlobalArgs } from './context.js';

export const listCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'list',
  describe: 'List every lab: id, slug, target and title',
  handler(args) {
    const { lang, t } = session(args);
    const labs = loadLabs(labsRoot());
    const rows = [[t('list.id'), t('list.slug'), t('list.target'), t('list.title')], ...labs.map((l) => [l.id, l.slug, l.target, l.title[lang]])];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    process.stdout.write(rows.map((r) => r.map((cell, i) => (i < r.length - 1 ? cell.padEnd(widths[i]) : cell)).join('  ')).join('\n') + '\n');
  },
};

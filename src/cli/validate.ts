import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CommandModule } from 'yargs';
import { yaml } from '../lazy-modules.js';
import { duplicateLabProblems, formatProblem, labDirs, loadLab, SpecError, type SpecProblem } from '../spec/loader.js';
import type { LabSpec } from '../spec/types.js';
import type { Translator } from '../i18n/index.js';
import { labsRoot, type GlobalArgs } from './context.js';

type Args = GlobalArgs & { dir?: string };

export const validateCommand = (t: Translator): CommandModule<GlobalArgs, Args> => ({
  command: 'validate [dir]',
  describe: t('help.validate'),
  builder: (y) => y.positional('dir', { type: 'string', describe: t('help.dir') }),
  handler(args) {
    const root = args.dir ?? labsRoot();
    const dirs = existsSync(join(root, 'lab.yaml')) ? [root] : labDirs(root, t);
    const bad = new Set<string>();
    const labs: LabSpec[] = [];
    for (const dir of dirs) {
      const shown = relative(process.cwd(), dir) || dir;
      let problems: SpecProblem[];
      try {
        const lab = loadLab(dir, shown, t);
        labs.push(lab);
        problems = variantProblems(lab, shown, t);
      } catch (err) {
        if (!(err instanceof SpecError)) throw err;
        problems = err.problems;
      }
      if (problems.length) bad.add(join(shown, 'lab.yaml'));
      process.stdout.write(problems.length ? problems.map(formatProblem).join('\n') + '\n' : `✔ ${shown}\n`);
    }
    const clashes = duplicateLabProblems(labs, t);
    if (clashes.length) process.stdout.write(clashes.map(formatProblem).join('\n') + '\n');
    for (const p of clashes) bad.add(p.file);
    process.stdout.write(t('validate.summary', { good: dirs.length - bad.size, total: dirs.length }) + '\n');
    process.exitCode = bad.size ? 2 : 0;
  },
});

/** Each wrong/<variant>/expect.yaml may name only checks the lab has. */
function variantProblems(lab: LabSpec, shown: string, t: Translator): SpecProblem[] {
  const wrong = join(lab.dir, 'wrong');
  if (!existsSync(wrong)) return [];
  const ids = new Set(lab.checks.map((c) => c.id));
  const problems: SpecProblem[] = [];
  for (const variant of readdirSync(wrong)) {
    const file = join(wrong, variant, 'expect.yaml');
    const shownFile = join(shown, 'wrong', variant, 'expect.yaml');
    if (!existsSync(file)) {
      problems.push({ file: shownFile, line: 0, path: '', message: t('expect.missing') });
      continue;
    }
    const { LineCounter, parseDocument, isSeq } = yaml();
    const lines = new LineCounter();
    const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines, prettyErrors: false });
    if (doc.errors.length) {
      const e = doc.errors[0];
      problems.push({ file: shownFile, line: lines.linePos(e.pos[0]).line, path: '', message: t('spec.yaml', { reason: e.message.split('\n')[0] }) });
      continue;
    }
    const lineOf = (node: unknown) => {
      const range = (node as { range?: number[] } | null)?.range;
      return range ? lines.linePos(range[0]).line : 1;
    };
    const fail = doc.get('fail', true);
    if (!isSeq(fail) || fail.items.length === 0) problems.push({ file: shownFile, line: fail ? lineOf(fail) : 1, path: 'fail', message: t('expect.noFail') });
    for (const field of ['fail', 'skip'] as const) {
      const list = doc.get(field, true);
      if (!isSeq(list)) continue;
      list.items.forEach((item, i) => {
        const id = String((item as { value?: unknown }).value);
        if (!ids.has(id)) problems.push({ file: shownFile, line: lineOf(item), path: `${field}[${i}]`, message: t('expect.unknownCheck', { id, lab: lab.id }) });
      });
    }
  }
  return problems;
}

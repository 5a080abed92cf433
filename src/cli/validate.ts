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
    const dirs = existsSync(join(root, 'lab.yaml')) ? [root] : labDirs(root);
    const bad = new Set<string>();
    const labs: LabSpec[] = [];
    for (const dir of dirs) {
      const shown = relative(process.cwd(), dir) || dir;
      let problems: SpecProblem[];
      try {
        const lab = loadLab(dir, shown, t);
        labs.push(lab);
        problems = variantProblems(lab, shown);
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
function variantProblems(lab: LabSpec, shown: string): SpecProblem[] {
  const wrong = join(lab.dir, 'wrong');
  if (!existsSync(wrong)) return [];
  const ids = new Set(lab.checks.map((c) => c.id));
  const problems: SpecProblem[] = [];
  for (const variant of readdirSync(wrong)) {
    const file = join(wrong, variant, 'expect.yaml');
    const shownFile = join(shown, 'wrong', variant, 'expect.yaml');
    if (!existsSync(file)) {
      problems.push({ file: shownFile, line: 0, path: '', message: 'missing' });
      continue;
    }
    const expect = (yaml().parse(readFileSync(file, 'utf8')) ?? {}) as { fail?: string[]; skip?: string[]; hints?: object; actuals?: object; onRealNode?: { fail?: string[]; skip?: string[] } };
    if (!expect.fail?.length) problems.push({ file: shownFile, line: 1, path: 'fail', message: 'must list the checks this variant fails' });
    const named = {
      fail: expect.fail ?? [],
      skip: expect.skip ?? [],
      hints: Object.keys(expect.hints ?? {}),
      actuals: Object.keys(expect.actuals ?? {}),
      'onRealNode.fail': expect.onRealNode?.fail ?? [],
      'onRealNode.skip': expect.onRealNode?.skip ?? [],
    };
    for (const [field, list] of Object.entries(named)) {
      for (const id of list) {
        if (!ids.has(id)) problems.push({ file: shownFile, line: 1, path: field, message: `"${id}" is not a check of lab ${lab.id}` });
      }
    }
  }
  return problems;
}

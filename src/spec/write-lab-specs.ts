// npm run build: every bundled lab loaded once, now, into dist/spec/lab-specs.json. At run time
// loader.ts takes a lab from there when its lab.yaml has the same text in a folder of the same
// name (with its task files): parsing and validating the ten labs' YAML was most of a
// `lab check`'s own time (npm run bench). Any other text goes through the loader as before.
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { BUILT_LAB_SPECS, labDirs, loadLab, SpecError, specKey } from './loader.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, BUILT_LAB_SPECS);
rmSync(out, { force: true }); // so that this run loads every lab for real
const table: Record<string, unknown> = {};
for (const dir of labDirs(resolve(here, '..', '..', 'labs'))) {
  try {
    const { dir: _, ...spec } = loadLab(dir);
    table[specKey(dir, readFileSync(join(dir, 'lab.yaml'), 'utf8'))] = spec;
  } catch (err) {
    // A lab being written may be broken: it is left out here, and the loader reports it at run time (lab validate).
    if (!(err instanceof SpecError)) throw err;
  }
}
writeFileSync(out, `${JSON.stringify(table)}\n`);

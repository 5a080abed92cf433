import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** What `lab` runs (package.json bin): the one-file build. */
export const CLI = join(ROOT, 'dist', 'cli', 'lab.cjs');
/** The same program as tsc leaves it, one module per file: the one-file build's before. */
export const UNBUNDLED = join(ROOT, 'dist', 'cli', 'main.js');
/** npm run package's single executable, and the bench's V8 startup snapshot entry (build/snapshot-entry.ts). */
export const EXECUTABLE = join(ROOT, 'dist', 'lab-linux-x64');
export const SNAPSHOT_ENTRY = join(ROOT, 'dist', 'cli', 'lab-snapshot-entry.cjs');
export const BASELINES = join(ROOT, 'bench', 'baselines');

export const say = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** Polls `ok` once a second until it holds, or throws after `seconds`. */
export function waitFor(what: string, seconds: number, ok: () => boolean): void {
  const end = Date.now() + seconds * 1000;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`gave up waiting ${seconds} s for ${what}`);
    spawnSync('sleep', ['1']);
  }
}

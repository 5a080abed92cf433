import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');
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

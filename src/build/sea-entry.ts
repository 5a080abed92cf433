// The single executable's entry (write-sea.ts). It carries the labs and manifests as one SEA
// asset, written once per build into the user's cache, where the CLI reads them as from a package.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { getAsset } from 'node:sea';

function unpack(): string {
  // The files' hash, made by the build: a start reads the 2 MB of labs only to unpack them.
  const id = getAsset('files.id', 'utf8');
  const cache = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : tmpdir());
  const root = join(cache, 'lab-grader', `sea-${id}`);
  if (existsSync(join(root, 'package.json'))) return root;
  // Written aside, then renamed: a run interrupted halfway leaves no half-written labs.
  const part = `${root}.${process.pid}.part`;
  for (const [file, text] of Object.entries(JSON.parse(getAsset('files.json', 'utf8')) as Record<string, string>)) {
    mkdirSync(dirname(join(part, file)), { recursive: true });
    writeFileSync(join(part, file), text);
  }
  try {
    renameSync(part, root);
  } catch {
    rmSync(part, { recursive: true, force: true }); // another run got there first
  }
  return root;
}

(globalThis as { labGraderRoot?: string }).labGraderRoot = unpack();
void import('../cli/main.js');

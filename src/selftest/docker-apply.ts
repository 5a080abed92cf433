import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDefaults, type Case } from './cases.js';
import { sh } from './shell.js';

/** Applies a Docker case: its run.sh in a fresh working folder, as a student would from their home. Returns the folder. */
export async function applyDockerCase(raw: Case, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const c = withDefaults(raw); // a parameterised lab's run.sh says ${name}
  const work = mkdtempSync(join(tmpdir(), `lab-${c.lab}-${c.name}-`));
  const applied = await sh(join(c.dir, 'run.sh'), work, env);
  if (applied.code !== 0) throw new Error(`${c.dir}/run.sh failed: ${applied.stderr.trim()}`);
  return work;
}

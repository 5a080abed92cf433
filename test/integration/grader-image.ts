import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../labs/harness.js';

export const IMAGE = process.env.LAB_GRADER_IMAGE ?? 'lab-grader:dev';

export interface Run { code: number; stdout: string; stderr: string }

const exec = (file: string, args: string[], timeout = 0) =>
  new Promise<Run>((done) =>
    execFile(file, args, { cwd: ROOT, timeout, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })),
  );

/** Builds the image, or reuses it: with nothing changed, docker's layer cache makes this a few seconds. */
export async function ensureImage(): Promise<void> {
  const built = await exec('bash', [join(ROOT, 'scripts', 'image.sh')], 20 * 60_000);
  if (built.code !== 0) throw new Error(`scripts/image.sh failed:\n${built.stderr}`);
}

/** `docker run --rm [dockerArgs] IMAGE [args]`, as a user would type it. */
export const runImage = (dockerArgs: string[], args: string[]) => exec('docker', ['run', '--rm', ...dockerArgs, IMAGE, ...args]);

interface Report { labs: { status: string; checks: { id: string; status: string; message?: string; hint?: string; actual?: string }[] }[] }

/** The image's JSON report of one lab; no report at all (exit 2 before grading) throws. */
export async function gradeInImage(dockerArgs: string[], lab: string, extra: string[] = []) {
  const run = await runImage(dockerArgs, ['check', lab, '--format', 'json', '--lang', 'en', '--timeout', '30', ...extra]);
  if (!run.stdout.startsWith('{')) throw new Error(`lab check ${lab} in ${IMAGE} exited ${run.code}: ${run.stderr}`);
  return { run, checks: (JSON.parse(run.stdout) as Report).labs[0].checks };
}

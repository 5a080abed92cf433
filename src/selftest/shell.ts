import { execFile } from 'node:child_process';

export interface ShellRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program and gathers what it printed; a failure is an exit code, never a throw. */
export function run(file: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ShellRun> {
  return new Promise((done) => {
    execFile(file, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 127) : 0;
      done({ code, stdout, stderr: stderr || (err && code === 127 ? err.message : '') });
    });
  });
}

/** Runs a shell script in a folder, as a student would from there. */
export const sh = (script: string, cwd: string, env: NodeJS.ProcessEnv = {}) => run('sh', [script], { cwd, env });

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../labs/harness.js';

/** A `lab watch` running as a user runs it, its output piped (one line per change). */
export class LiveWatch {
  readonly lines: string[] = [];
  readonly stamps: number[] = [];
  stderr = '';
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'watch', ...args, '--lang', 'en'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let rest = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      rest += chunk.toString();
      const parts = rest.split('\n');
      rest = parts.pop()!;
      for (const line of parts) {
        this.lines.push(line);
        this.stamps.push(performance.now());
      }
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((r) => this.child.on('exit', (code) => r(code)));
  }

  /** The first line from `from` on that matches, and when it came; throws (with the output so far) after `ms`. */
  async waitFor(pattern: RegExp, ms = 30_000, from = 0): Promise<{ line: string; at: number; index: number }> {
    const end = performance.now() + ms;
    for (;;) {
      const index = this.lines.findIndex((l, i) => i >= from && pattern.test(l));
      if (index >= 0) return { line: this.lines[index], at: this.stamps[index], index };
      if (performance.now() > end || this.child.exitCode !== null) {
        throw new Error(`no line matching ${pattern} within ${ms} ms; output:\n${this.lines.join('\n')}\nstderr:\n${this.stderr}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Ctrl-C, and the exit code it leaves. */
  async interrupt(): Promise<number | null> {
    this.child.kill('SIGINT');
    return this.exited;
  }
}

import { spawn } from 'node:child_process';

/**
 * Holds flock(1) on `file` until the returned release is called (or this process dies: the
 * holder then reads end-of-file and exits), so the bench shares the engine and the cluster
 * with other users of the machine the way the tests do.
 */
export function lock(file: string): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const holder = spawn('flock', [file, 'sh', '-c', 'echo locked; exec cat >/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
    holder.on('error', reject);
    holder.stdout.once('data', () => resolve(() => holder.stdin.end()));
  });
}

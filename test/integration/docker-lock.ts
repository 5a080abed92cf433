import { spawn } from 'node:child_process';

/** The lock scripts/test.sh, `npm run bench` and `npm run fuzz` hold while they use the system Docker engine. */
export const DOCKER_LOCK = '/tmp/lab-grader-docker.lock';

/**
 * Takes the Docker lock for a test outside the docker project that starts containers on the system
 * engine (the Docker lab tests remove whatever appears there while they run). Resolves once held;
 * the returned function releases it. The lock is held by a `flock` child that lives as long as its
 * stdin stays open, so it is released even if this process dies.
 */
export async function holdDockerLock(): Promise<() => void> {
  const child = spawn('flock', [DOCKER_LOCK, 'sh', '-c', 'echo held; exec cat >/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`flock ${DOCKER_LOCK} exited ${code} before taking the lock`)));
  });
  return () => child.stdin.end();
}

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * What a private engine of the tests leaves behind once its own process is gone: processes that
 * outlive it (containerd and its shims, conmon, RootlessKit's children: whatever names `dir` in its
 * command line or environment) are killed, mounts under `dir` and the network namespace `netns`
 * are unmounted, and the namespace `name` is deleted. The caller removes `dir` itself.
 */
export function endLeftovers(dir: string, name: string, netns = `/run/netns/${name}`): void {
  const read = (path: string) => { try { return readFileSync(path, 'utf8'); } catch { return ''; } };
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    if (`${read(`/proc/${pid}/cmdline`)}${read(`/proc/${pid}/environ`)}`.includes(dir)) {
      try { process.kill(Number(pid), 'SIGKILL'); } catch { /* gone */ }
    }
  }
  for (const line of readFileSync('/proc/mounts', 'utf8').split('\n').reverse()) {
    const target = line.split(' ')[1];
    if (target?.startsWith(dir) || target === netns) {
      try { execFileSync('umount', ['-l', target], { stdio: 'ignore' }); } catch { /* already gone */ }
    }
  }
  try { execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' }); } catch { /* never made */ }
}

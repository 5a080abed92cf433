import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export const kubectl = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
    execFile('kubectl', args, { maxBuffer: 64 << 20 }, (err, stdout, stderr) => done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })),
  );

/** A kubeconfig for the same cluster as KUBECONFIG, with another user (a token, or none). */
export async function kubeconfigWith(file: string, user: Record<string, unknown>, server?: string) {
  const current = JSON.parse((await kubectl('config', 'view', '--raw', '--minify', '--flatten', '-o', 'json')).stdout);
  const cluster = { ...current.clusters[0].cluster, ...(server ? { server } : {}) };
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'test', cluster }],
      users: [{ name: 'grader', user }],
      contexts: [{ name: 'grader@test', context: { cluster: 'test', user: 'grader' } }],
      'current-context': 'grader@test',
    }),
  );
  return file;
}

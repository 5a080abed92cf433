import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { LABS } from '../../labs/harness.js';

export const kubectl = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
    execFile('kubectl', args, { maxBuffer: 64 << 20 }, (err, stdout, stderr) => done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })),
  );

/** A kubeconfig for the same cluster as KUBECONFIG, with another user (a token, or none; undefined keeps the admin's). */
export async function kubeconfigWith(file: string, user: Record<string, unknown> | undefined, server?: string) {
  const current = JSON.parse((await kubectl('config', 'view', '--raw', '--minify', '--flatten', '-o', 'json')).stdout);
  user ??= current.users[0].user as Record<string, unknown>;
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

export interface TcpProxy {
  /** https://127.0.0.1:<port>: the API server's certificate is for 127.0.0.1, so TLS still verifies. */
  url: string;
  /** Connections accepted so far. */
  connections(): number;
  /** The API server goes away: every open connection is reset and new ones are refused. */
  cut(): Promise<void>;
  /** The API server stops answering: connections stay open, nothing more is forwarded. */
  hang(): void;
}

/**
 * A raw TCP proxy on loopback in front of the test cluster's API server, to break it on purpose.
 * `port`: listen there (a new proxy on a cut one's port is the API server coming back).
 */
export async function tcpProxy(target: string, port = 0): Promise<TcpProxy> {
  const { hostname, port: apiPort } = new URL(target);
  const sockets = new Set<Socket>();
  let accepted = 0;
  let hung = false;
  const server = createServer((client) => {
    accepted++;
    const upstream = connect(Number(apiPort), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('data', (d) => { if (!hung) upstream.write(d); });
    upstream.on('data', (d) => { if (!hung) client.write(d); });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const closed = new Promise<void>((resolve) => server.on('close', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => accepted,
    async cut() {
      server.close();
      for (const s of sockets) s.resetAndDestroy();
      await closed;
    },
    hang() {
      hung = true;
    },
  };
}

/** The API server URL of KUBECONFIG's current context. */
export async function apiServer(): Promise<string> {
  return (await kubectl('config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}')).stdout.trim();
}

/** Lab 4's reference DaemonSet in a student's namespace, optionally changed. */
export function daemonsetFor(namespace: string, change: (ds: any) => void = () => undefined): string {
  const docs = parseAllDocuments(readFileSync(join(LABS, '04-daemonset/solution/daemonset.yaml'), 'utf8')).map((d) => d.toJS());
  const ds = docs.find((d) => d.kind === 'DaemonSet');
  ds.metadata.namespace = namespace;
  change(ds);
  return stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }) + '---\n' + stringify(ds);
}

import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { Case } from './cases.js';

/** The names and host ports a set of Docker cases would take on the engine. */
export interface DockerClaims {
  containers: string[];
  volumes: string[];
  networks: string[];
  ports: number[];
}

const NAME = '([A-Za-z0-9][A-Za-z0-9_.-]*)';
const all = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => m[1]);
const uniq = <T>(xs: T[]) => [...new Set(xs)].sort();

/** What the cases' run.sh files name (--name, -v name:, docker volume/network create, -p host:container). */
export function claimsOf(cases: Case[]): DockerClaims {
  const text = cases.map((c) => readFileSync(join(c.dir, 'run.sh'), 'utf8').replace(/^\s*#.*$/gm, '')).join('\n');
  return {
    containers: uniq(all(text, new RegExp(`--name[= ]+["']?${NAME}`, 'g'))),
    volumes: uniq([
      ...all(text, new RegExp(`(?:-v|--volume)[= ]+["']?${NAME}:`, 'g')),
      ...all(text, new RegExp(`--mount[= ]+["']?[^\\s"']*?(?:src|source)=${NAME}`, 'g')),
      ...all(text, new RegExp(`volume create +${NAME}`, 'g')),
    ]),
    networks: uniq(all(text, new RegExp(`network create +(?:--?[a-z-]+[= ]+\\S+ +)*${NAME}`, 'g'))),
    ports: uniq(all(text, /(?:-p|--publish)[= ]+["']?(?:[^\s:"']*:)?(\d+):\d+/g).map(Number)),
  };
}

/** Where the engine already holds one of those: its own containers, volumes and networks, and ports in use. */
export interface DockerConflicts {
  /** Containers in the way (by name, or publishing a wanted port): they can be parked. */
  containers: { id: string; name: string; running: boolean; why: string }[];
  /** Volumes and networks cannot be set aside: refused even with --force. */
  fixed: string[];
  /** Ports something outside the engine listens on. */
  ports: number[];
}

const portFree = (port: number) =>
  new Promise<boolean>((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, () => server.close(() => done(true)));
  });

export async function conflictsOf(docker: Docker, claims: DockerClaims): Promise<DockerConflicts> {
  const containers: DockerConflicts['containers'] = [];
  const byPort = new Set<number>();
  for (const c of await docker.listContainers({ all: true })) {
    const name = (c.Names[0] ?? '').replace(/^\//, '');
    const ports = (c.Ports ?? []).map((p) => p.PublicPort).filter((p) => p && claims.ports.includes(p));
    ports.forEach((p) => byPort.add(p));
    const why = claims.containers.includes(name) ? `name ${name}` : ports.length ? `port ${ports[0]}` : '';
    if (why) containers.push({ id: c.Id, name, running: c.State === 'running', why });
  }
  const volumes = ((await docker.listVolumes()).Volumes ?? []).map((v) => v.Name).filter((v) => claims.volumes.includes(v));
  const networks = (await docker.listNetworks()).map((n) => n.Name).filter((n) => claims.networks.includes(n));
  const ports: number[] = [];
  for (const p of claims.ports) if (!byPort.has(p) && !(await portFree(p))) ports.push(p);
  return { containers, fixed: [...volumes.map((v) => `volume ${v}`), ...networks.map((n) => `network ${n}`)], ports };
}

const PARKED = '-parked-by-lab-selftest';

/** Stops the containers in the way and renames those whose name a case needs; returns how to put them back. */
export async function park(docker: Docker, conflicts: DockerConflicts['containers'], claims: DockerClaims): Promise<() => Promise<void>> {
  const parked: DockerConflicts['containers'] = [];
  for (const c of conflicts) {
    const container = docker.getContainer(c.id);
    if (c.running) await container.stop();
    if (claims.containers.includes(c.name)) await container.rename({ name: `${c.name}${PARKED}` });
    parked.push(c);
  }
  return async () => {
    for (const c of parked.reverse()) {
      const container = docker.getContainer(c.id);
      if (claims.containers.includes(c.name)) {
        await docker.getContainer(c.name).remove({ force: true, v: true }).catch(() => undefined);
        await container.rename({ name: c.name });
      }
      if (c.running) await container.start();
    }
  };
}

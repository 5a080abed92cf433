import type { Attempt } from './attempt.js';
import { renderDocker, type DockerModel } from './docker-render.js';
import { rngFor, type Rng } from './prng.js';

/**
 * Attempts at labs 1 and 2, from their reference solutions (labs/0N-…/solution/run.sh):
 * the same commands spelled another way (they must pass), or with one known mistake
 * (it must fail exactly the checks its labs/0N-…/wrong/ twin lists).
 */
type Mistake = { name: string; fail: string[]; skip?: string[]; apply: (m: DockerModel, rng: Rng) => void };

const setEnv = (m: DockerModel, key: string, value: string | undefined) => {
  m.env = m.env.filter(([k]) => k !== key);
  if (value !== undefined) m.env.push([key, value]);
};

interface DockerLab {
  id: string;
  reference: () => DockerModel;
  /** Pinned tags that exist locally (the stand-in images), besides the reference's. */
  otherTags: string[];
  /** Rewrites of meaning that must change nothing, beyond spelling. */
  equivalents: ((m: DockerModel, rng: Rng, note: string[]) => void)[];
  mistakes: Mistake[];
  extraPorts: string[];
  extraFlags: string[][];
}

const sameImageAnotherWay = (m: DockerModel, rng: Rng, note: string[], otherTags: string[]) => {
  const [repo, tag] = m.image.split(':');
  const choice = rng.pick(['', '', 'docker.io/library/', 'library/', 'docker.io/', 'other-tag', 'image-id']);
  if (!choice) return;
  note.push(`image ${choice}`);
  if (choice === 'other-tag') m.image = `${repo}:${rng.pick(otherTags)}`;
  else if (choice === 'image-id') m.image = `$(docker image inspect -f '{{.Id}}' ${repo}:${tag})`;
  else m.image = choice + m.image;
};

const mysqlLab: DockerLab = {
  id: '1',
  reference: () => ({
    container: 'mimysql',
    image: 'mysql:5.7',
    env: [['MYSQL_ROOT_PASSWORD', 'password'], ['MYSQL_DATABASE', 'curso'], ['MYSQL_USER', 'usuario'], ['MYSQL_PASSWORD', 'password']],
    ports: ['3306:3306'],
    volume: { kind: 'bind', src: '$PWD/mysql-data', dst: '/var/lib/mysql' },
    addHosts: [],
    start: 'run',
  }),
  otherTags: ['5.6', '5.7.44'],
  equivalents: [],
  extraPorts: ['33060:33060', '13306:3306'],
  extraFlags: [['--restart', 'unless-stopped'], ['--label', 'curso=docker'], ['--hostname', 'db'], ['-e', 'TZ=Europe/Madrid']],
  mistakes: [
    { name: 'no-tag', fail: ['image-pinned'], apply: (m) => { m.image = 'mysql'; } },
    { name: 'tag-latest', fail: ['image-pinned'], apply: (m) => { m.image = 'mysql:latest'; } },
    { name: 'wrong-root-password', fail: ['env-passwords', 'db-root-login'], apply: (m) => setEnv(m, 'MYSQL_ROOT_PASSWORD', 'root') },
    { name: 'wrong-user-password', fail: ['env-passwords', 'db-login'], apply: (m) => setEnv(m, 'MYSQL_PASSWORD', 'secreto') },
    { name: 'wrong-database', fail: ['env-database', 'db-login'], apply: (m) => setEnv(m, 'MYSQL_DATABASE', 'cursos') },
    { name: 'wrong-user', fail: ['env-user', 'db-login'], apply: (m) => setEnv(m, 'MYSQL_USER', 'alumno') },
    { name: 'no-volume', fail: ['data-volume'], apply: (m) => { m.volume = { kind: 'none', dst: '/var/lib/mysql' }; } },
    { name: 'anonymous-volume', fail: ['data-volume'], apply: (m) => { m.volume = { kind: 'anonymous', dst: '/var/lib/mysql' }; } },
    { name: 'volume-wrong-path', fail: ['data-volume'], apply: (m) => { m.volume.dst = '/var/lib/mysql-data'; } },
    { name: 'loopback-port', fail: ['port-published'], apply: (m) => { m.ports = ['127.0.0.1:3306:3306']; } },
    { name: 'wrong-host-port', fail: ['port-published'], apply: (m) => { m.ports = ['3307:3306']; } },
    {
      name: 'misspelled-name',
      fail: ['container-exists'],
      skip: ['container-running', 'image-mysql', 'image-pinned', 'env-database', 'env-user', 'env-passwords', 'port-published', 'data-volume', 'db-login', 'db-root-login'],
      apply: (m) => { m.container = 'mymysql'; },
    },
    { name: 'not-started', fail: ['container-running'], skip: ['db-login', 'db-root-login'], apply: (m) => { m.start = 'create'; } },
    {
      name: 'no-root-password',
      fail: ['container-running', 'env-passwords'],
      skip: ['db-login', 'db-root-login'],
      apply: (m) => { setEnv(m, 'MYSQL_ROOT_PASSWORD', undefined); m.sleepAfter = 3; },
    },
  ],
};

const DB_HOSTS: [string, string[]][] = [
  ['host.docker.internal:3306', ['host.docker.internal:host-gateway']],
  ['host.docker.internal', ['host.docker.internal:host-gateway']],
  ['mihost:3306', ['mihost:host-gateway']],
  ['$HOST_IP:3306', []],
  ['$HOST_IP', []],
  ['dbhost:3306', ['dbhost:$HOST_IP']],
];

const wordpressLab: DockerLab = {
  id: '2',
  reference: () => ({
    container: 'miwp',
    image: 'wordpress:6.1-apache',
    env: [['WORDPRESS_DB_HOST', 'host.docker.internal:3306'], ['WORDPRESS_DB_NAME', 'curso'], ['WORDPRESS_DB_USER', 'usuario'], ['WORDPRESS_DB_PASSWORD', 'password']],
    ports: ['8081:80'],
    volume: { kind: 'bind', src: '$PWD/wp-html', dst: '/var/www/html' },
    addHosts: ['host.docker.internal:host-gateway'],
    start: 'run',
  }),
  otherTags: ['6.1.1-apache'],
  equivalents: [
    (m, rng, note) => {
      const [host, addHosts] = rng.pick(DB_HOSTS);
      if (host === 'host.docker.internal:3306') return;
      note.push(`WORDPRESS_DB_HOST=${host}${addHosts.length ? ` --add-host ${addHosts[0]}` : ''}`);
      setEnv(m, 'WORDPRESS_DB_HOST', host);
      m.env.unshift(m.env.pop()!);
      m.addHosts = addHosts;
    },
  ],
  extraPorts: ['8443:443', '18081:80'],
  extraFlags: [['--restart', 'unless-stopped'], ['--label', 'curso=docker'], ['--hostname', 'wp'], ['-e', 'TZ=Europe/Madrid']],
  mistakes: [
    { name: 'no-tag', fail: ['image-pinned'], apply: (m) => { m.image = 'wordpress'; } },
    { name: 'tag-latest', fail: ['image-pinned'], apply: (m) => { m.image = 'wordpress:latest'; } },
    {
      name: 'db-host-localhost',
      fail: ['env-db-host', 'site-db-connected'],
      apply: (m, rng) => { setEnv(m, 'WORDPRESS_DB_HOST', rng.pick(['127.0.0.1:3306', 'localhost:3306', 'localhost'])); m.addHosts = []; },
    },
    {
      name: 'db-host-container-ip',
      fail: ['env-db-host'],
      apply: (m) => { setEnv(m, 'WORDPRESS_DB_HOST', `$(docker inspect -f '{{.NetworkSettings.IPAddress}}' mimysql):3306`); m.addHosts = []; },
    },
    { name: 'db-host-container-name', fail: ['env-db-host', 'site-db-connected'], apply: (m) => { setEnv(m, 'WORDPRESS_DB_HOST', 'mimysql:3306'); m.addHosts = []; } },
    {
      name: 'db-host-wrong-port',
      fail: ['env-db-host', 'site-db-connected'],
      apply: (m) => { setEnv(m, 'WORDPRESS_DB_HOST', 'host.docker.internal:3307'); m.addHosts = ['host.docker.internal:host-gateway']; },
    },
    // On Linux only --add-host makes host.docker.internal resolve (Docker Desktop has it built in).
    { name: 'no-add-host', fail: ['site-db-connected'], apply: (m) => { setEnv(m, 'WORDPRESS_DB_HOST', 'host.docker.internal:3306'); m.addHosts = []; } },
    { name: 'wrong-db-password', fail: ['env-db-credentials', 'site-db-connected'], apply: (m) => setEnv(m, 'WORDPRESS_DB_PASSWORD', 'secreto') },
    { name: 'wrong-db-user', fail: ['env-db-credentials', 'site-db-connected'], apply: (m) => setEnv(m, 'WORDPRESS_DB_USER', 'alumno') },
    { name: 'port-8080', fail: ['port-published'], apply: (m) => { m.ports = ['8080:80']; } },
    { name: 'loopback-port', fail: ['port-published'], apply: (m) => { m.ports = ['127.0.0.1:8081:80']; } },
    { name: 'no-volume', fail: ['content-volume'], apply: (m) => { m.volume = { kind: 'none', dst: '/var/www/html' }; } },
    { name: 'anonymous-volume', fail: ['content-volume'], apply: (m) => { m.volume = { kind: 'anonymous', dst: '/var/www/html' }; } },
    {
      name: 'misspelled-name',
      fail: ['container-exists'],
      skip: ['container-running', 'image-wordpress', 'image-pinned', 'env-db-host', 'env-db-credentials', 'port-published', 'content-volume', 'site-responds', 'site-db-connected'],
      apply: (m) => { m.container = 'mywp'; },
    },
    { name: 'not-started', fail: ['container-running'], skip: ['site-responds', 'site-db-connected'], apply: (m) => { m.start = 'create'; } },
  ],
};

export const DOCKER_LABS: Record<string, DockerLab> = { '1': mysqlLab, '2': wordpressLab };

/** Attempt `index` of a Docker lab for `seed`: half of them equivalent, half one mistake. */
export function dockerAttempt(labId: string, seed: string, index: number): Attempt {
  const lab = DOCKER_LABS[labId];
  const rng = rngFor(seed, labId, index);
  const m = lab.reference();
  const note: string[] = [];
  const mistake = rng.chance(0.5) ? rng.pick(lab.mistakes) : undefined;
  // Meaning first (which volume, which DB host, which image spelling), then the one mistake over it.
  if (rng.chance(0.4) && m.volume.kind === 'bind') {
    note.push('named volume');
    m.volume = { kind: 'named', src: `${m.container}-data`, dst: m.volume.dst };
  }
  for (const eq of lab.equivalents) eq(m, rng, note);
  if (rng.chance(0.3)) m.start = 'create-start';
  const dbHost = m.env.find(([k]) => k === 'WORDPRESS_DB_HOST')?.[1];
  mistake?.apply(m, rng);
  // A mistake that rewrote the database host makes the equivalent spelling's note stale.
  if (dbHost !== m.env.find(([k]) => k === 'WORDPRESS_DB_HOST')?.[1]) note.splice(0, note.length, ...note.filter((n) => !n.startsWith('WORDPRESS_DB_HOST=')));
  if (!mistake || !['no-tag', 'tag-latest'].includes(mistake.name)) sameImageAnotherWay(m, rng, note, lab.otherTags);
  else if (rng.chance(0.4)) m.image = rng.pick(['docker.io/library/', 'library/']) + m.image;
  if (['bind', 'named'].includes(m.volume.kind) && rng.chance(0.25)) {
    note.push('destination ending in /');
    m.volume.dst += '/';
  }
  const portMistake = mistake && /port/.test(mistake.name);
  const extras: string[][] = [];
  if (rng.chance(0.3)) {
    const extra = portMistake ? lab.extraPorts[0] : rng.pick(lab.extraPorts);
    note.push(`second -p ${extra}`);
    if (rng.chance(0.5)) m.ports.push(extra);
    else m.ports.unshift(extra);
  }
  if (rng.chance(0.3)) {
    // A restart policy would bring back the container that must be seen stopped.
    const f = rng.pick(lab.extraFlags.filter((x) => mistake?.name !== 'no-root-password' || x[0] !== '--restart'));
    note.push(f.join(' '));
    extras.push(f);
  }
  const text = renderDocker(rng, m, note, extras);
  return {
    lab: labId,
    id: `${labId}#${index}`,
    mistake: mistake?.name,
    rewrites: [...new Set(note)],
    text,
    expect: { fail: mistake?.fail ?? [], skip: mistake?.skip ?? [] },
  };
}

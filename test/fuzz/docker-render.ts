import type { Rng } from './prng.js';

/** What a student's docker commands mean, before any spelling is chosen. */
export interface DockerModel {
  container: string;
  image: string;
  env: [string, string][];
  /** `[ip:]host:container` */
  ports: string[];
  volume: { kind: 'bind' | 'named' | 'anonymous' | 'none'; src?: string; dst: string };
  addHosts: string[];
  start: 'run' | 'create-start' | 'create';
  /** Seconds the student waits before grading (a container that gives up needs a moment). */
  sleepAfter?: number;
}

/** A shell word: plain, or quoted one of the ways people do. */
function quote(rng: Rng, word: string, note: string[]): string {
  if (word.includes('$')) return `"${word}"`;
  const how = rng.pick(['plain', 'plain', 'double', 'single', 'value'] as const);
  if (how !== 'plain') note.push(`quoting ${how}`);
  if (how === 'double') return `"${word}"`;
  if (how === 'single') return `'${word}'`;
  const eq = word.indexOf('=');
  if (how === 'value' && eq > 0) return `${word.slice(0, eq + 1)}"${word.slice(eq + 1)}"`;
  return word;
}

/** `--flag value`, `--flag=value` or the short form. */
function flag(rng: Rng, short: string | undefined, long: string, value: string, note: string[]): string[] {
  const how = rng.pick(short ? (['short', 'short', 'long', 'long='] as const) : (['long', 'long='] as const));
  if (how !== 'short' && short) note.push(`${how === 'long=' ? `${long}=` : long}`);
  if (how === 'short') return [short!, value];
  if (how === 'long') return [long, value];
  return [`${long}=${value}`];
}

function portSpelling(rng: Rng, port: string, note: string[]): string {
  const parts = port.split(':');
  let spelled = port;
  if (parts.length === 2) {
    const ip = rng.pick(['', '', '0.0.0.0:', '$HOST_IP:']);
    if (ip) note.push(`-p ${ip}…`);
    spelled = ip + port;
  }
  if (rng.chance(0.25)) {
    note.push('-p …/tcp');
    spelled += '/tcp';
  }
  return spelled;
}

function volumeArgs(rng: Rng, v: DockerModel['volume'], note: string[], pre: string[]): string[][] {
  if (v.kind === 'none') return [];
  const mount = rng.chance(0.4);
  if (!mount) {
    const rw = v.kind !== 'anonymous' && rng.chance(0.2) ? ':rw' : '';
    if (rw) note.push('-v …:rw');
    const spec = v.kind === 'anonymous' ? v.dst : `${v.src}:${v.dst}${rw}`;
    return [flag(rng, '-v', '--volume', quote(rng, spec, note), note)];
  }
  const src = rng.pick(['src', 'source']);
  const dst = rng.pick(['dst', 'target', 'destination']);
  const fields: string[] = [];
  if (v.kind === 'bind') {
    pre.push(`mkdir -p "${v.src}"`);
    fields.push('type=bind', `${src}=${v.src}`);
  } else {
    if (v.kind === 'anonymous' || rng.chance(0.7)) fields.push('type=volume');
    if (v.kind === 'named') fields.push(`${src}=${v.src}`);
  }
  fields.push(`${dst}=${v.dst}`);
  note.push(`--mount ${fields.map((f) => f.split('=')[0]).join(',')}`);
  return [flag(rng, undefined, '--mount', quote(rng, rng.shuffle(fields.slice(0, -1)).concat(fields.slice(-1)).join(','), note), note)];
}

/** The model as a shell script, every spelling picked by `rng`; `note` collects what was chosen. */
export function renderDocker(rng: Rng, m: DockerModel, note: string[], extras: string[][] = []): string {
  const pre: string[] = [];
  const groups: string[][] = [];
  groups.push(flag(rng, undefined, '--name', quote(rng, m.container, note), note));
  const envFile = m.env.length > 1 && !m.env.some(([, v]) => v.includes('$(')) && rng.chance(0.15);
  if (envFile) {
    note.push('--env-file');
    pre.push(`cat > lab.env <<ENV\n${m.env.map(([k, v]) => `${k}=${v}`).join('\n')}\nENV`);
    groups.push(flag(rng, undefined, '--env-file', 'lab.env', note));
  } else {
    for (const [k, v] of m.env) {
      if (!v.includes('$') && rng.chance(0.1)) {
        note.push(`-e ${k} (from the shell)`);
        pre.push(`export ${k}=${v}`);
        groups.push(flag(rng, '-e', '--env', k, note));
      } else groups.push(flag(rng, '-e', '--env', quote(rng, `${k}=${v}`, note), note));
    }
  }
  for (const p of m.ports) groups.push(flag(rng, '-p', '--publish', portSpelling(rng, p, note), note));
  groups.push(...volumeArgs(rng, m.volume, note, pre));
  for (const h of m.addHosts) groups.push(flag(rng, undefined, '--add-host', quote(rng, h, note), note));
  groups.push(...extras);
  if (m.start === 'run') {
    const detach = rng.pick(['-d', '-d', '--detach', '-dit', '--detach=true']);
    if (detach !== '-d') note.push(detach);
    groups.push([detach]);
  }
  const ordered = rng.chance(0.6) ? rng.shuffle(groups) : groups;
  if (ordered !== groups) note.push('flag order');
  const container = rng.chance(0.2) ? 'docker container' : 'docker';
  if (container !== 'docker') note.push('docker container …');
  const verb = m.start === 'run' ? 'run' : 'create';
  if (m.start === 'create-start') note.push('create + start');
  const split = rng.chance(0.3);
  const words = [`${container} ${verb}`, ...ordered.map((g) => g.join(' ')), m.image];
  const lines = [...pre, words.join(split ? ' \\\n  ' : ' ')];
  if (m.start === 'create-start') lines.push(`${container} start ${m.container}`);
  if (m.sleepAfter) lines.push(`sleep ${m.sleepAfter}`);
  const needsHostIp = lines.some((l) => l.includes('$HOST_IP'));
  const head = ['#!/bin/sh', 'set -e'];
  if (needsHostIp) head.push(`HOST_IP=$(ip -4 -o addr show docker0 | awk '{print $4}' | cut -d/ -f1)`);
  return [...head, ...lines].join('\n') + '\n';
}

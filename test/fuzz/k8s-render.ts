import { stringify } from 'yaml';
import type { Rng } from './prng.js';

type Obj = Record<string, unknown>;

/** The same object with its keys, at every depth, in another order. */
function shuffleKeys(rng: Rng, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(rng, v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(rng.shuffle(Object.entries(value as Obj)).map(([k, v]) => [k, shuffleKeys(rng, v)]));
  }
  return value;
}

/**
 * Kubernetes objects as one manifest file, spelled as people write them: block or flow
 * YAML, JSON documents, quoted or plain strings, sequences indented or not, comments,
 * a leading `---`, keys in any order. `note` collects what was chosen.
 */
export function renderManifest(rng: Rng, docs: Obj[], note: string[]): string {
  const shuffled = rng.chance(0.4);
  if (shuffled) note.push('field order');
  const objs = shuffled ? docs.map((d) => shuffleKeys(rng, d) as Obj) : docs;
  const style = rng.pick(['block', 'block', 'block', 'flow', 'json'] as const);
  if (style !== 'block') note.push(`${style} style`);
  const quoting = rng.pick(['PLAIN', 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'] as const);
  if (quoting !== 'PLAIN' && style !== 'json') note.push(`strings ${quoting.toLowerCase()}`);
  const indentSeq = rng.chance(0.5);
  const indent = rng.pick([2, 2, 4]);
  const text = objs.map((o) => {
    if (style === 'json') return JSON.stringify(o, null, rng.pick([2, 4]));
    return stringify(o, { collectionStyle: style === 'flow' ? 'flow' : 'block', defaultStringType: quoting, indentSeq, indent, lineWidth: 0 }).trimEnd();
  });
  const head = rng.chance(0.3) ? ['# práctica: nginx', '---'] : rng.chance(0.3) ? ['---'] : [];
  if (head.length) note.push('leading ---');
  return [...head, text.join('\n---\n')].join('\n') + '\n';
}

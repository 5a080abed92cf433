import { readFileSync } from 'node:fs';
import { yaml } from '../../lazy-modules.js';
import { UserError } from '../../errors.js';
import type { CheckContext } from '../types.js';

/** The objects in the student's --manifest file, or undefined without one. Read once per run. */
const cache = new Map<string, Record<string, any>[]>();
export function manifestObjects(ctx: CheckContext): Record<string, any>[] | undefined {
  const file = ctx.options.manifest;
  if (!file) return undefined;
  let objects = cache.get(file);
  if (!objects) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UserError(ctx.t('manifest.unreadable', { file, reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
    }
    const docs = yaml().parseAllDocuments(text);
    const bad = docs.flatMap((d) => d.errors);
    objects = bad.length ? [] : docs.map((d) => d.toJS()).filter(isObject).flatMap((o) => (o.kind === 'List' && Array.isArray(o.items) ? o.items.filter(isObject) : [o]));
    if (bad.length) objects.push({ __yamlError: bad[0].message.split('\n')[0] });
    cache.set(file, objects);
  }
  return objects;
}

// kubectl apply takes a kind: List as its items.
const isObject = (o: unknown): o is Record<string, any> => !!o && typeof o === 'object' && !Array.isArray(o);

/** DNS-1123 subdomain, what the API requires of most object names. */
export const isDns1123 = (name: string): boolean => name.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);

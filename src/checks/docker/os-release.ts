import { fail, pass, type CheckKind } from '../types.js';
import { readContainerFile } from './archive.js';
import { findContainer, isOutcome } from './container.js';

interface Params { container: string; id: string }

/** os-release(5): KEY=value lines, values optionally quoted with shell-style escapes. */
export function parseOsRelease(content: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of content.split('\n')) {
    const line = raw.trim();
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2];
    const q = value[0];
    if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) {
      value = value.slice(1, -1);
      if (q === '"') value = value.replace(/\\([\\$"`])/g, '$1');
    }
    out[m[1]] = value;
  }
  return out;
}

/** How os-release names the system: its PRETTY_NAME, else NAME and VERSION, with its ID. */
export function describeOs(fields: Record<string, string>): string {
  const name = fields.PRETTY_NAME || [fields.NAME, fields.VERSION].filter(Boolean).join(' ') || '?';
  return `${name} (ID=${fields.ID ?? '∅'})`;
}

/** os-release(5): /etc/os-release, else /usr/lib/os-release. */
const PATHS = ['/etc/os-release', '/usr/lib/os-release'];

export const osRelease: CheckKind<Params> = {
  name: 'docker.os-release',
  paramsSchema: {
    type: 'object',
    required: ['container', 'id'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1 },
      id: {
        type: 'string',
        pattern: '^[a-z0-9._-]+$',
        description: "The system's ID in the container's os-release (fedora, debian, ubuntu, alpine…). ID_LIKE does not count: a derivative is another system",
      },
    },
  },
  async run(ctx, { container, id }) {
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    const expected = `ID=${id}`;
    for (const path of PATHS) {
      const file = await readContainerFile(ctx, info.Id, path);
      if (!file.found) continue;
      const fields = parseOsRelease(file.content);
      const os = describeOs(fields);
      if ((fields.ID ?? '').toLowerCase() === id) return pass(ctx.t('os.ok', { name: container, os }), { actual: os });
      return fail(ctx.t('os.other', { name: container, os, id, path }), { expected, actual: os });
    }
    return fail(ctx.t('os.unknown', { name: container, id }), { expected, actual: ctx.t('os.noFile') });
  },
};

import { posix } from 'node:path';
import type { CheckContext } from '../types.js';

/** The first entry of a tar archive, as the engine's archive GET returns one path. */
export interface TarEntry {
  name: string;
  type: 'file' | 'symlink' | 'directory' | 'other';
  /** A link's target, as stored. */
  linkname: string;
  data: Buffer;
}

const BLOCK = 512;

const text = (b: Buffer, start: number, length: number) => {
  const field = b.subarray(start, start + length);
  const nul = field.indexOf(0);
  return (nul < 0 ? field : field.subarray(0, nul)).toString('utf8');
};

function octal(b: Buffer, start: number, length: number): number {
  // GNU base-256 for sizes of 8 GiB and more: never a file the grader reads.
  if (b[start] & 0x80) return Number.NaN;
  const s = text(b, start, length).trim();
  return s ? parseInt(s, 8) : 0;
}

/** PAX extended header records ("len key=value\n"). */
function paxRecords(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const len = parseInt(data.subarray(i, space).toString('ascii'), 10);
    if (!(len > 0)) break;
    const record = data.subarray(space + 1, i + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  return out;
}

/**
 * Reads the first real entry of a ustar/PAX/GNU tar archive: enough for the one file, link or
 * folder the archive API returns for a path. Undefined when the bytes are no tar archive.
 */
export function firstTarEntry(tar: Buffer): TarEntry | undefined {
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) return undefined;
    const magic = text(header, 257, 6);
    if (!magic.startsWith('ustar')) return undefined;
    const size = octal(header, 124, 12);
    if (!Number.isFinite(size)) return undefined;
    const data = tar.subarray(at + BLOCK, at + BLOCK + size);
    const flag = String.fromCharCode(header[156] || 0x30);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (flag === 'x') { pax = { ...pax, ...paxRecords(data) }; continue; }
    if (flag === 'g') continue;
    if (flag === 'L') { longName = text(data, 0, data.length); continue; }
    if (flag === 'K') { longLink = text(data, 0, data.length); continue; }
    const prefix = magic === 'ustar' ? text(header, 345, 155) : '';
    const name = pax.path ?? longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    const linkname = pax.linkpath ?? longLink ?? text(header, 157, 100);
    const type = flag === '0' || flag === '\0' || flag === '7' ? 'file' : flag === '2' ? 'symlink' : flag === '5' ? 'directory' : 'other';
    return { name, type, linkname, data: type === 'file' ? Buffer.from(data) : Buffer.alloc(0) };
  }
  return undefined;
}

/** Where a symbolic link at `path` points, inside the container's own root. */
export const linkTarget = (path: string, linkname: string): string => posix.resolve(posix.dirname(path), linkname);

/** The archive GET of a file is at most this big: an os-release or a config file, never a dump. */
const MAX_ARCHIVE = 1 << 20;
const MAX_LINKS = 8;

export type ReadResult = { found: true; path: string; content: string } | { found: false; path: string; reason: 'missing' | 'not-a-file' | 'too-big' };

/**
 * A file's content read through the engine's archive API (`docker cp`'s GET), following symbolic
 * links inside the container as `docker cp -L` does. Read-only, and it works on a stopped container too.
 */
export async function readContainerFile(ctx: CheckContext, id: string, path: string): Promise<ReadResult> {
  const docker = await ctx.docker();
  const container = docker.docker.getContainer(id);
  let current = path;
  for (let hop = 0; hop <= MAX_LINKS; hop++) {
    let stream: NodeJS.ReadableStream;
    try {
      stream = (await container.getArchive({ path: current })) as unknown as NodeJS.ReadableStream;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return { found: false, path: current, reason: 'missing' };
      throw err;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > MAX_ARCHIVE) {
        (stream as unknown as { destroy?: () => void }).destroy?.();
        return { found: false, path: current, reason: 'too-big' };
      }
      chunks.push(chunk);
    }
    const entry = firstTarEntry(Buffer.concat(chunks));
    if (!entry) return { found: false, path: current, reason: 'not-a-file' };
    if (entry.type === 'symlink') {
      current = linkTarget(current, entry.linkname);
      continue;
    }
    if (entry.type !== 'file') return { found: false, path: current, reason: 'not-a-file' };
    return { found: true, path: current, content: entry.data.toString('utf8') };
  }
  return { found: false, path: current, reason: 'not-a-file' };
}

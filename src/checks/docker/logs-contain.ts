import { error, fail, pass, type CheckKind } from '../types.js';
import { findContainer, isOutcome } from './container.js';

type Stream = 'stdout' | 'stderr' | 'any';

interface Params { container: string; pattern: string; says?: string; ignoreCase?: boolean; stream?: Stream; tail?: number }

/** Lines read when the lab gives no `tail`: enough for a start-up message, bounded for a chatty container. */
export const DEFAULT_TAIL = 1000;
/** Log lines shown when the pattern is missing, each cut short. */
const SHOWN = 5;
const LINE_MAX = 200;

export interface LogFrame { stream: 'stdout' | 'stderr'; text: string }

/**
 * `docker logs` as frames. Without a TTY the engine multiplexes: each frame has an 8-byte header
 * (stream 1 or 2, three zero bytes, big-endian length). With a TTY the log is the terminal's raw
 * bytes, all of it on stdout: a terminal merges the two streams.
 */
export function logFrames(buf: Buffer, tty: boolean): LogFrame[] {
  if (tty) return buf.length ? [{ stream: 'stdout', text: buf.toString('utf8') }] : [];
  const frames: LogFrame[] = [];
  let i = 0;
  while (i + 8 <= buf.length && (buf[i] === 1 || buf[i] === 2) && buf[i + 1] === 0 && buf[i + 2] === 0 && buf[i + 3] === 0) {
    const size = buf.readUInt32BE(i + 4);
    frames.push({ stream: buf[i] === 1 ? 'stdout' : 'stderr', text: buf.subarray(i + 8, i + 8 + size).toString('utf8') });
    i += 8 + size;
  }
  // Not multiplexed after all (an engine that sends raw bytes): take the rest as it is.
  if (i < buf.length) frames.push({ stream: 'stdout', text: buf.subarray(i).toString('utf8') });
  return frames;
}

const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;

/**
 * The log lines of the asked stream, without a terminal's carriage returns. On a TTY there is
 * only one stream, so it is what either stream asks for.
 */
export function logLines(frames: LogFrame[], stream: Stream, tty: boolean): string[] {
  let text = frames.filter((f) => tty || stream === 'any' || f.stream === stream).map((f) => f.text).join('');
  // A terminal's control sequences (colours, bracketed paste) are not part of what was written.
  if (tty) text = text.replace(ANSI, '');
  const lines = text.replace(/\r+\n/g, '\n').replace(/\r/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The first line that matches, or undefined. A line at a time, so `^` and `$` mean a line's start and end. */
export function findLine(lines: string[], pattern: RegExp): string | undefined {
  return lines.find((l) => pattern.test(l));
}

const cut = (l: string) => (l.length > LINE_MAX ? `${l.slice(0, LINE_MAX)}…` : l);

export const logsContain: CheckKind<Params> = {
  name: 'docker.logs-contain',
  paramsSchema: {
    type: 'object',
    required: ['container', 'pattern'],
    additionalProperties: false,
    properties: {
      container: { type: 'string', minLength: 1 },
      pattern: {
        type: 'string',
        minLength: 1,
        description: 'A JavaScript regular expression (its source, without slashes), tried on each log line: ^ and $ are a line\'s start and end',
      },
      says: {
        type: 'string',
        minLength: 1,
        description: 'The line as a person would read it ("Hola desde Fedora"), shown in messages instead of the pattern',
      },
      ignoreCase: { type: 'boolean', default: false, description: 'Match upper and lower case alike' },
      stream: {
        enum: ['stdout', 'stderr', 'any'],
        default: 'any',
        description: 'Which of PID 1\'s streams to search. A container with a TTY (-t) has only one: both are searched',
      },
      tail: { type: 'integer', minimum: 1, description: `Search only the last this many lines (default ${DEFAULT_TAIL})` },
    },
  },
  async run(ctx, { container, pattern, says, ignoreCase = false, stream = 'any', tail = DEFAULT_TAIL }) {
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, ignoreCase ? 'i' : '');
    } catch (err) {
      return error(ctx.t('logs.badPattern', { pattern, reason: (err as Error).message }));
    }
    const info = await findContainer(ctx, container);
    if (isOutcome(info)) return info;
    const expected = says ? ctx.t('logs.expectedSays', { says }) : ctx.t('logs.expected', { pattern });
    if (info.State.Status === 'created') {
      return fail(ctx.t('logs.neverStarted', { name: container }), { expected, actual: ctx.t('logs.none'), hint: ctx.t('logs.neverStartedHint', { name: container }) });
    }
    const docker = await ctx.docker();
    const buf = (await docker.docker.getContainer(info.Id).logs({ stdout: true, stderr: true, tail, follow: false })) as unknown as Buffer;
    const tty = !!info.Config.Tty;
    const lines = logLines(logFrames(Buffer.from(buf), tty), stream, tty);
    const found = findLine(lines, regex);
    const where = stream === 'any' || tty ? '' : ` (${stream})`;
    if (found !== undefined) return pass(ctx.t('logs.found', { name: container, line: cut(found.trim()) }), { actual: cut(found) });
    const last = lines.filter((l) => l.trim()).slice(-SHOWN).map(cut);
    const actual = last.length ? last.join(' ⏎ ') : ctx.t('logs.none');
    const shown = last.length ? ctx.t('logs.lastLines', { name: container, lines: last.map((l) => `  | ${l}`).join('\n') }) : ctx.t('logs.empty', { name: container });
    const message = says ? ctx.t('logs.missingSays', { name: container, says, where }) : ctx.t('logs.missing', { name: container, pattern, where });
    return fail(message, { expected, actual, hint: shown });
  },
};

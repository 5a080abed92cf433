import { findContainer, isOutcome, onRefused, publishedPortProperties } from '../docker/container.js';
import { errorReason } from '../../errors.js';
import { publishedBase } from './published.js';
import { fail, pass, type CheckKind } from '../types.js';

type Scalar = string | number | boolean | null;

/** One request and what its JSON answer must hold: a dotted path (`grupo`, `datos.items.0`) → its value. */
export interface JsonRequest { method?: 'GET' | 'POST'; path: string; body?: unknown; expect: Record<string, Scalar> }

interface Params { container: string; port: string; hostPort?: number; requests: JsonRequest[] }

export interface JsonAnswer { status: number; contentType: string; body: string }

/** The value at a dotted path of a parsed JSON document; undefined when the path leads nowhere. */
export function dig(doc: unknown, path: string): unknown {
  let at: unknown = doc;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** A request as a line in a report: `POST /clasificar {"texto":"La impresora…"}`. */
export function describeRequest(r: JsonRequest): string {
  const body = r.body === undefined ? '' : ` ${JSON.stringify(r.body)}`;
  const line = `${r.method ?? (r.body === undefined ? 'GET' : 'POST')} ${r.path}${body}`;
  return line.length > 90 ? `${line.slice(0, 89)}…` : line;
}

const short = (text: string) => {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 100 ? `${one.slice(0, 99)}…` : one;
};

/** What is wrong with one answer, or undefined when it is right: not 2xx, not JSON, or a field with another value. */
export function judgeAnswer(answer: JsonAnswer, r: JsonRequest): { problem: 'status' | 'json' | 'field'; field?: string; want?: Scalar; got?: string; body: string } | undefined {
  const body = short(answer.body) || '∅';
  if (answer.status < 200 || answer.status > 299) return { problem: 'status', body };
  let doc: unknown;
  try {
    doc = JSON.parse(answer.body);
  } catch {
    return { problem: 'json', body };
  }
  for (const [field, want] of Object.entries(r.expect)) {
    const got = dig(doc, field);
    if (got !== want) return { problem: 'field', field, want, got: got === undefined ? '∅' : JSON.stringify(got), body };
  }
  return undefined;
}

async function send(url: string, r: JsonRequest, signal: AbortSignal): Promise<JsonAnswer> {
  const method = r.method ?? (r.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { 'user-agent': 'lab-grader', accept: 'application/json' };
  if (r.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: r.body === undefined ? undefined : JSON.stringify(r.body), redirect: 'manual', signal });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
}

/**
 * A JSON API answers through the container's published port, as a client on the host would:
 * each request gets a 2xx answer that is valid JSON with the expected values.
 */
export const httpJson: CheckKind<Params> = {
  name: 'http.json',
  paramsSchema: {
    type: 'object',
    required: ['container', 'port', 'requests'],
    additionalProperties: false,
    properties: {
      ...publishedPortProperties,
      requests: {
        type: 'array',
        minItems: 1,
        description: 'Requests sent in order; every one must answer as expected',
        items: {
          type: 'object',
          required: ['path', 'expect'],
          additionalProperties: false,
          properties: {
            method: { enum: ['GET', 'POST'], description: 'Default: POST with a body, else GET' },
            path: { type: 'string', pattern: '^/' },
            body: { description: 'Sent as JSON' },
            expect: {
              type: 'object',
              minProperties: 1,
              description: 'Dotted path in the JSON answer → the value it must have',
              additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
            },
          },
        },
      },
    },
  },
  async run(ctx, p) {
    const info = await findContainer(ctx, p.container);
    if (isOutcome(info)) return info;
    const expected = p.requests.map((r) => Object.entries(r.expect).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')).join(', ');
    const base = await publishedBase(ctx, info, p, expected);
    if (typeof base !== 'string') return base;
    const got: string[] = [];
    for (const r of p.requests) {
      const request = describeRequest(r);
      let answer: JsonAnswer;
      try {
        answer = await send(base + r.path, r, ctx.signal);
      } catch (err) {
        const reason = errorReason(err);
        return fail(ctx.t('http.unreachable', { url: base + r.path, reason }), { expected, actual: reason, ...onRefused(info) });
      }
      const wrong = judgeAnswer(answer, r);
      if (wrong?.problem === 'status') return fail(ctx.t('json.status', { request, status: answer.status }), { expected, actual: `${answer.status} ${wrong.body}` });
      if (wrong?.problem === 'json') return fail(ctx.t('json.invalid', { request, type: answer.contentType || '∅' }), { expected, actual: `${answer.status} ${wrong.body}` });
      if (wrong) return fail(ctx.t('json.field', { request, field: wrong.field!, want: JSON.stringify(wrong.want), got: wrong.got! }), { expected, actual: wrong.body });
      got.push(Object.keys(r.expect).map((k) => `${k}=${JSON.stringify(dig(JSON.parse(answer.body), k))}`).join(' '));
    }
    return pass(ctx.t('json.ok', { count: p.requests.length, base }), { expected, actual: got.join(', ') });
  },
};

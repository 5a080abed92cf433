import { canonicalJson, signBytes, verifyBytes, type Signature, type SigningKey } from './sign.js';

/**
 * An exam's start token (`lab exam start`): when it starts and ends, and the class's nonce, signed
 * with the instructor's key. A report graded with `--exam-token` carries it and says whether it
 * was produced inside the window; `lab verify-report` checks the token's own signature.
 * Text form: `base64url(canonical JSON of the window).base64url(JSON of the signature)`.
 */
export interface ExamWindow {
  v: 1;
  start: string;
  end: string;
  durationSeconds: number;
  nonce?: string;
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url').toString('utf8');

/** `90m`, `1h30m`, `2h`, `45s`, or a number of minutes: seconds, or undefined when it is none of those. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t) * 60;
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(t);
  if (!m || !t) return undefined;
  const seconds = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  return seconds > 0 ? seconds : undefined;
}

export function examWindow(start: Date, durationSeconds: number, nonce?: string): ExamWindow {
  return { v: 1, start: start.toISOString(), end: new Date(start.getTime() + durationSeconds * 1000).toISOString(), durationSeconds, ...(nonce !== undefined ? { nonce } : {}) };
}

export function makeToken(window: ExamWindow, key: SigningKey): string {
  const payload = canonicalJson(window);
  return `${b64(payload)}.${b64(JSON.stringify(signBytes(Buffer.from(payload), key)))}`;
}

/** The window a token states, without checking its signature; undefined when it is not a token. */
export function readToken(token: string): { window: ExamWindow; signature: Signature; payload: string } | undefined {
  const [body, sig, ...rest] = token.trim().split('.');
  if (!body || !sig || rest.length) return undefined;
  try {
    const payload = unb64(body);
    const window = JSON.parse(payload) as ExamWindow;
    const signature = JSON.parse(unb64(sig)) as Signature;
    if (window?.v !== 1 || typeof window.start !== 'string' || typeof window.end !== 'string' || Number.isNaN(Date.parse(window.start)) || Number.isNaN(Date.parse(window.end))) return undefined;
    if (typeof signature?.value !== 'string') return undefined;
    return { window, signature, payload };
  } catch {
    return undefined;
  }
}

export type TokenVerdict = 'valid' | 'malformed' | 'other-key' | 'changed';

export function verifyToken(token: string, key: SigningKey): TokenVerdict {
  const read = readToken(token);
  if (!read) return 'malformed';
  const { signature, payload } = read;
  if (signature.alg !== key.alg || signature.keyId !== key.keyId) return 'other-key';
  // The payload must be the canonical form: the same bytes whoever re-encodes it.
  if (payload !== canonicalJson(read.window)) return 'changed';
  return verifyBytes(Buffer.from(payload), signature, key) ? 'valid' : 'changed';
}

import { createHash, createHmac, createPrivateKey, createPublicKey, sign as signWith, timingSafeEqual, verify as verifyWith, type KeyObject } from 'node:crypto';

/**
 * Signing reports so that a student cannot change a grade unnoticed. A JSON report is signed over a
 * canonical form (keys sorted, no whitespace, without its `signature` field), so re-indenting it does
 * not break the signature but changing any value does; any other report is signed byte for byte.
 */

export type SigningKey =
  | { kind: 'hmac'; alg: 'HMAC-SHA256'; keyId: string; secret: Buffer }
  | { kind: 'asymmetric'; alg: string; keyId: string; publicKey: KeyObject; privateKey?: KeyObject };

export interface Signature {
  alg: string;
  keyId: string;
  value: string;
}

export interface DetachedSignature extends Signature {
  /** `json`: over the report's canonical form; `bytes`: over the file as it is. */
  payload: 'json' | 'bytes';
}

export class KeyError extends Error {
  constructor(readonly problem: 'bad' | 'short' | 'unsupported' | 'public', message: string) {
    super(message);
  }
}

const MIN_SECRET = 16;
const DIGEST: Record<string, { alg: string; digest: string | null }> = {
  ed25519: { alg: 'Ed25519', digest: null },
  ed448: { alg: 'Ed448', digest: null },
  rsa: { alg: 'RSA-SHA256', digest: 'sha256' },
  ec: { alg: 'ECDSA-SHA256', digest: 'sha256' },
};

/**
 * A PEM file is a private or public key and nothing else; any other file is an HMAC secret
 * (one trailing newline ignored). The kind of key decides the algorithm, never the signature's
 * own `alg`, so a public key can never be turned into an HMAC secret by a forged report.
 */
export function parseKey(bytes: Buffer): SigningKey {
  if (bytes.includes('-----BEGIN')) {
    let privateKey: KeyObject | undefined;
    let publicKey: KeyObject;
    try {
      privateKey = createPrivateKey(bytes);
      publicKey = createPublicKey(privateKey);
    } catch (privateErr) {
      try {
        publicKey = createPublicKey(bytes);
      } catch {
        throw new KeyError('bad', (privateErr as Error).message);
      }
    }
    const type = publicKey.asymmetricKeyType ?? '';
    if (!DIGEST[type]) throw new KeyError('unsupported', type || '?');
    const keyId = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
    return { kind: 'asymmetric', alg: DIGEST[type].alg, keyId, publicKey, privateKey };
  }
  const secret = bytes.subarray(0, bytes.length - (bytes.at(-1) === 0x0a ? (bytes.at(-2) === 0x0d ? 2 : 1) : 0));
  if (secret.length < MIN_SECRET) throw new KeyError('short', String(MIN_SECRET));
  return { kind: 'hmac', alg: 'HMAC-SHA256', keyId: createHmac('sha256', secret).update('lab-grader key id').digest('hex').slice(0, 16), secret };
}

export const canSign = (key: SigningKey): boolean => key.kind === 'hmac' || !!key.privateKey;

/** JSON with sorted keys and no whitespace: the same text however the file is indented. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What is signed for a JSON report: everything but its `signature`. */
export function jsonPayload(report: unknown): Buffer {
  const { signature: _, ...rest } = report as Record<string, unknown>;
  return Buffer.from(canonicalJson(rest));
}

export function signBytes(payload: Buffer, key: SigningKey): Signature {
  if (key.kind === 'hmac') return { alg: key.alg, keyId: key.keyId, value: createHmac('sha256', key.secret).update(payload).digest('base64') };
  if (!key.privateKey) throw new KeyError('public', '');
  const digest = DIGEST[key.publicKey.asymmetricKeyType!].digest;
  return { alg: key.alg, keyId: key.keyId, value: signWith(digest, payload, key.privateKey).toString('base64') };
}

export function verifyBytes(payload: Buffer, signature: Signature, key: SigningKey): boolean {
  const value = Buffer.from(signature.value, 'base64');
  if (key.kind === 'hmac') {
    const wanted = createHmac('sha256', key.secret).update(payload).digest();
    return value.length === wanted.length && timingSafeEqual(value, wanted);
  }
  try {
    return verifyWith(DIGEST[key.publicKey.asymmetricKeyType!].digest, payload, key.publicKey, value);
  } catch {
    return false;
  }
}

/** The JSON report with a top-level `signature` over the rest of it. */
export function embedSignature(reportText: string, key: SigningKey): string {
  const report = JSON.parse(reportText) as Record<string, unknown>;
  const { signature: _, ...rest } = report;
  return `${JSON.stringify({ ...rest, signature: signBytes(jsonPayload(rest), key) }, null, 2)}\n`;
}

/** The contents of a `.sig` file for a report: over its canonical form when it is JSON, else over its bytes. */
export function detachedSignature(reportText: string, key: SigningKey, payload: DetachedSignature['payload']): string {
  const bytes = payload === 'json' ? jsonPayload(JSON.parse(reportText)) : Buffer.from(reportText);
  const sig: DetachedSignature = { ...signBytes(bytes, key), payload };
  return `${JSON.stringify(sig)}\n`;
}

export type Verdict =
  | { valid: true; alg: string; keyId: string }
  | { valid: false; reason: 'unsigned' | 'malformed' | 'changed' | 'other-key'; alg?: string; keyId?: string };

const isSignature = (s: unknown): s is Signature =>
  !!s && typeof s === 'object' && ['alg', 'keyId', 'value'].every((k) => typeof (s as Record<string, unknown>)[k] === 'string');

/** Was this report changed since it was signed? `detached` is the `.sig` file's text, when there is one. */
export function verifyReport(report: Buffer, key: SigningKey, detached?: string): Verdict {
  let parsed: Record<string, unknown> | undefined;
  try {
    const value: unknown = JSON.parse(report.toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) parsed = value as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  let signature: unknown;
  let payload: Buffer | undefined;
  if (detached !== undefined) {
    try {
      signature = JSON.parse(detached);
    } catch {
      return { valid: false, reason: 'malformed' };
    }
    const mode = (signature as Partial<DetachedSignature>)?.payload;
    if (mode === 'bytes') payload = report;
    else if (mode === 'json') payload = parsed && jsonPayload(parsed);
    else return { valid: false, reason: 'malformed' };
    if (!payload) return { valid: false, reason: 'changed' };
  } else {
    if (!parsed || parsed.signature === undefined) return { valid: false, reason: 'unsigned' };
    signature = parsed.signature;
    payload = jsonPayload(parsed);
  }
  if (!isSignature(signature)) return { valid: false, reason: 'malformed' };
  const { alg, keyId } = signature;
  if (alg !== key.alg || keyId !== key.keyId) return { valid: false, reason: 'other-key', alg, keyId };
  return verifyBytes(payload, signature, key) ? { valid: true, alg, keyId } : { valid: false, reason: 'changed', alg, keyId };
}

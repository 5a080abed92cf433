import { createHmac, generateKeyPairSync } from 'node:crypto';
import { reporters } from '../../src/report/index.js';
import { canonicalJson, canSign, detachedSignature, embedSignature, KeyError, parseKey, verifyReport } from '../../src/report/sign.js';
import { mixed } from './fixtures/mixed-result.js';

const ed = generateKeyPairSync('ed25519');
const privatePem = Buffer.from(ed.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
const publicPem = Buffer.from(ed.publicKey.export({ type: 'spki', format: 'pem' }) as string);
const secret = Buffer.from('0123456789abcdef0123456789abcdef\n');
const report = reporters.json(mixed, { lang: 'en', color: false });

test('canonical JSON sorts keys at every depth and drops whitespace', () => {
  expect(canonicalJson({ b: [{ y: 1, x: 'é' }], a: null, c: undefined })).toBe('{"a":null,"b":[{"x":"é","y":1}]}');
  expect(canonicalJson(JSON.parse('{ "n" : 1.0 }'))).toBe('{"n":1}');
});

test.each([
  ['Ed25519, verified with the public key only', privatePem, publicPem],
  ['Ed25519, verified with the private key', privatePem, privatePem],
  ['HMAC-SHA256', secret, secret],
])('%s: untouched or re-indented is valid; a changed score is caught', (_name, signKey, verifyKey) => {
  const signed = embedSignature(report, parseKey(signKey));
  const key = parseKey(verifyKey);
  expect(verifyReport(Buffer.from(signed), key)).toMatchObject({ valid: true });
  expect(verifyReport(Buffer.from(JSON.stringify(JSON.parse(signed))), key)).toMatchObject({ valid: true });
  const cheated = JSON.parse(signed);
  cheated.labs[0].score = cheated.labs[0].maxScore;
  expect(verifyReport(Buffer.from(JSON.stringify(cheated, null, 2)), key)).toEqual(expect.objectContaining({ valid: false, reason: 'changed' }));
  const { signature: _, ...unsigned } = JSON.parse(signed);
  expect(verifyReport(Buffer.from(JSON.stringify(unsigned)), key)).toEqual({ valid: false, reason: 'unsigned' });
});

test('the embedded signature is the only field added; the rest is the contract, unchanged', () => {
  const signed = JSON.parse(embedSignature(report, parseKey(privatePem)));
  expect(Object.keys(signed.signature).sort()).toEqual(['alg', 'keyId', 'value']);
  const { signature: _, ...rest } = signed;
  expect(rest).toEqual(JSON.parse(report));
});

test('detached: over the canonical form of a JSON report, over the bytes of anything else', () => {
  const key = parseKey(privatePem);
  const sig = detachedSignature(report, key, 'json');
  expect(verifyReport(Buffer.from(JSON.stringify(JSON.parse(report))), key, sig)).toMatchObject({ valid: true });
  expect(verifyReport(Buffer.from(report.replace('"score": 2', '"score": 4')), key, sig)).toMatchObject({ valid: false, reason: 'changed' });
  const xml = reporters.junit(mixed, { lang: 'en', color: false });
  const xmlSig = detachedSignature(xml, key, 'bytes');
  expect(verifyReport(Buffer.from(xml), key, xmlSig)).toMatchObject({ valid: true });
  expect(verifyReport(Buffer.from(xml.replace(/failures="\d+"/, 'failures="99"')), key, xmlSig)).toMatchObject({ valid: false, reason: 'changed' });
  expect(verifyReport(Buffer.from(xml), key, 'not json')).toEqual({ valid: false, reason: 'malformed' });
});

test('another key, or a forged HMAC made with the public key as its secret, is refused', () => {
  const other = parseKey(Buffer.from(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string));
  const signed = embedSignature(report, other);
  expect(verifyReport(Buffer.from(signed), parseKey(publicPem))).toMatchObject({ valid: false, reason: 'other-key' });
  // A student who has the public key computes an HMAC with it and claims the expected alg and key id.
  const parsed = JSON.parse(report);
  const { keyId } = parseKey(publicPem);
  const value = createHmac('sha256', publicPem).update(canonicalJson(parsed)).digest('base64');
  const forged = JSON.stringify({ ...parsed, signature: { alg: 'Ed25519', keyId, value } });
  expect(verifyReport(Buffer.from(forged), parseKey(publicPem))).toMatchObject({ valid: false, reason: 'changed' });
  const asHmac = JSON.stringify({ ...parsed, signature: { alg: 'HMAC-SHA256', keyId, value } });
  expect(verifyReport(Buffer.from(asHmac), parseKey(publicPem))).toMatchObject({ valid: false, reason: 'other-key' });
});

test('keys: a public key cannot sign, a short secret and a broken PEM are refused', () => {
  expect(canSign(parseKey(publicPem))).toBe(false);
  expect(canSign(parseKey(privatePem))).toBe(true);
  expect(() => parseKey(Buffer.from('short\n'))).toThrow(KeyError);
  expect(() => parseKey(Buffer.from('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'))).toThrow(KeyError);
  // One trailing newline is not part of the secret: `echo` and editors add it, CI secrets drop it.
  expect(parseKey(secret).keyId).toBe(parseKey(secret.subarray(0, -1)).keyId);
});

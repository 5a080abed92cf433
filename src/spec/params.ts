import { createHmac } from 'node:crypto';

/**
 * Per-student parameters of a lab (lab.yaml `parameters:`). Each student's values come from
 * HMAC-SHA256(course secret, lab id, student id, parameter name), mapped into the parameter's
 * domain: stable, and unguessable without the secret. No list of answers is stored anywhere.
 * Without a course secret every parameter has its default: the course's value of today.
 */
export interface ParamSpec {
  /** string: one of `values`, or `prefix` + `length` characters of `charset`; integer and port: min..max. */
  type: 'string' | 'integer' | 'port';
  default: string | number;
  values?: string[];
  prefix?: string;
  charset?: string;
  length?: number;
  min?: number;
  max?: number;
  /** Derive it as this lab's parameter of the same name (lab 2 uses lab 1's database): the same value. */
  lab?: string;
}

export type ParamValues = Record<string, string | number>;

/** `${name}`: a parameter's value (lower-case names only, so a statement's shell `${HOME}` is left alone). */
export const PLACEHOLDER = /\$\{([a-z][a-z0-9_]*)\}/g;
const WHOLE = /^\$\{([a-z][a-z0-9_]*)\}$/;

export const defaultsOf = (params: Record<string, ParamSpec> = {}): ParamValues =>
  Object.fromEntries(Object.entries(params).map(([name, p]) => [name, p.default]));

/** One parameter's value for a student: HMAC-SHA256(secret, "lab\0student\0name") into the domain. */
export function deriveValue(secret: Buffer | string, labId: string, student: string, name: string, p: ParamSpec): string | number {
  const mac = createHmac('sha256', secret).update(`${p.lab ?? labId}\0${student}\0${name}`).digest();
  const n = BigInt(`0x${mac.toString('hex')}`);
  if (p.type === 'integer' || p.type === 'port') {
    const min = p.min ?? (p.type === 'port' ? 1024 : 0);
    const max = p.max ?? (p.type === 'port' ? 65535 : min);
    return min + Number(n % BigInt(max - min + 1));
  }
  if (p.values?.length) return p.values[Number(n % BigInt(p.values.length))];
  const charset = p.charset ?? 'abcdefghijklmnopqrstuvwxyz0123456789';
  // 256 bits, read as one number in base charset.length: uniform enough for 32 characters or fewer.
  let rest = n;
  let out = '';
  for (let i = 0; i < (p.length ?? 6); i++) {
    out += charset[Number(rest % BigInt(charset.length))];
    rest /= BigInt(charset.length);
  }
  return `${p.prefix ?? ''}${out}`;
}

/** A student's values for a lab; the defaults without a secret (or without parameters). */
export function valuesFor(params: Record<string, ParamSpec> | undefined, labId: string, secret?: Buffer, student?: string): ParamValues {
  if (!params) return {};
  if (!secret || student === undefined) return defaultsOf(params);
  return Object.fromEntries(Object.entries(params).map(([name, p]) => [name, deriveValue(secret, labId, student, name, p)]));
}

/** A text with every known `${name}` replaced (`shown` decides how a value is written); unknown names are left. */
export function renderText(text: string, values: ParamValues, shown: (name: string, value: string | number) => string = (_, v) => String(v)): string {
  return text.replace(PLACEHOLDER, (all, name: string) => (name in values ? shown(name, values[name]) : all));
}

/** Deep substitution; a string that is exactly `${name}` takes the value with its type (an integer stays an integer). */
export function substitute<T>(value: T, values: ParamValues): T {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole && whole[1] in values) return values[whole[1]] as T;
    return renderText(value, values) as T;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, values)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, values)])) as T;
  return value;
}

/** Every `${name}` in a value, with its path (for a spec error that names the line). */
export function placeholdersIn(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; name: string }[] {
  if (typeof value === 'string') return [...value.matchAll(PLACEHOLDER)].map((m) => ({ path, name: m[1] }));
  if (Array.isArray(value)) return value.flatMap((v, i) => placeholdersIn(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => placeholdersIn(v, [...path, k]));
  return [];
}

/** The parameters a value uses. */
export const paramsUsed = (value: unknown): Set<string> => new Set(placeholdersIn(value).map((p) => p.name));

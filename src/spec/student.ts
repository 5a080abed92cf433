import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import type { Translator } from '../i18n/index.js';
import type { LabResult } from '../runner/result.js';
import { paramsUsed, renderText, substitute, valuesFor, type ParamValues } from './params.js';
import type { LabSpec } from './types.js';

/** The course secret: --course-secret FILE, else the file LAB_COURSE_SECRET_FILE names, else none (every value its default). */
export function readCourseSecret(t: Translator, file = process.env.LAB_COURSE_SECRET_FILE || undefined): Buffer | undefined {
  if (!file) return undefined;
  let secret: Buffer;
  try {
    secret = readFileSync(file);
  } catch (err) {
    throw new UserError(t('params.secretUnreadable', { file, reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
  }
  // A trailing newline from an editor or `echo` is not part of the secret.
  const trimmed = Buffer.from(secret.toString('utf8').trim(), 'utf8');
  if (trimmed.length === 0) throw new UserError(t('params.secretEmpty', { file }));
  return trimmed;
}

/** How a student's value shows in titles and hints when a secret is in use: its name, never the value. */
const hidden = (name: string) => `«${name}»`;

/**
 * The lab as this student must solve it: its checks' params carry their values. With a secret, titles
 * and hints name the parameters instead of showing values (a copied report does not hand them out).
 * Without a secret, or a lab without parameters, the lab is returned as it is.
 */
export function forStudent(lab: LabSpec, secret: Buffer | undefined, student: string | undefined, t: Translator): LabSpec {
  if (!lab.parameters || !lab.template || !secret) return lab;
  if (student === undefined) throw new UserError(t('params.needStudent', { lab: lab.id }));
  const values = valuesFor(lab.parameters, lab.id, secret, student);
  const names = Object.fromEntries(Object.keys(values).map((n) => [n, n]));
  const text = (s: string) => renderText(s, names, (n) => hidden(n));
  const checks = lab.template.map((c) => ({
    ...c,
    params: substitute(c.params, values),
    title: { es: text(c.title.es), en: text(c.title.en) },
    ...(c.hint ? { hint: { es: text(c.hint.es), en: text(c.hint.en) } } : {}),
  }));
  return { ...lab, checks, student: { id: student, values } };
}

/**
 * A result graded against a student's values, made safe to show: a parameterised check that failed
 * says that the work does not match this student's statement, and its texts name the parameters
 * instead of showing the values it wanted.
 */
export function redactResult(lab: LabSpec, result: LabResult, t: Translator): LabResult {
  if (!lab.student || !lab.template) return result;
  const { id: student, values } = lab.student;
  const used = new Map(lab.template.map((c) => [c.id, paramsUsed(c.params)]));
  const checks = result.checks.map((c) => {
    const names = [...(used.get(c.id) ?? [])];
    if (c.status !== 'fail' || names.length === 0) return c;
    const hide = (s?: string) => (s === undefined ? s : hideValues(s, pick(values, names)));
    const mismatch = t('params.mismatch', { lab: lab.id, student });
    return { ...c, message: hide(c.message), expected: hide(c.expected), actual: hide(c.actual), hint: c.hint ? `${mismatch} ${hide(c.hint)}` : mismatch };
  });
  return { ...result, checks };
}

const pick = (values: ParamValues, names: string[]): ParamValues => Object.fromEntries(names.map((n) => [n, values[n]]));

/** Every occurrence of a value in a text, as the parameter's name (longest values first). */
export function hideValues(text: string, values: ParamValues): string {
  return Object.entries(values)
    .filter(([, v]) => String(v).length >= 3)
    .sort(([, a], [, b]) => String(b).length - String(a).length)
    .reduce((s, [name, v]) => s.split(String(v)).join(hidden(name)), text);
}

/**
 * The student id behind a namespace graded with --namespaces: the namespace without the glob's
 * literal prefix (alumno-* makes alumno-ana the student ana); the namespace itself otherwise.
 */
export function studentOfNamespace(namespace: string, globs: string[]): string {
  for (const glob of globs) {
    const prefix = /^[^*?]*/.exec(glob)![0];
    if (prefix && prefix !== glob && namespace.startsWith(prefix) && namespace.length > prefix.length) return namespace.slice(prefix.length);
  }
  return namespace;
}

/** A statement (task.*.md) with the student's values in place. */
export const statementFor = (text: string, lab: LabSpec): string => renderText(text, lab.student?.values ?? valuesFor(lab.parameters, lab.id));

import type { Translator } from '../i18n/index.js';
import { forStudent } from '../spec/student.js';
import type { LabSpec } from '../spec/types.js';
import { studentSolutionOf, type Case } from './cases.js';

/** The course secret of `lab selftest --students` when none is given: generated students only. */
export const SELFTEST_SECRET = Buffer.from('lab-grader selftest course secret');

export interface StudentCase {
  /** A generated student's solution: the reference one rendered with their values. */
  case: Case;
  /** Graded as its owner: everything passes. */
  own: { lab: LabSpec; label: string };
  /** Graded as another student (handed in by them): see copiedExpect. */
  copier: { lab: LabSpec; label: string; case: Case };
}

/**
 * For a parameterised lab, per generated student: their solution graded as them (it must pass all),
 * then graded as the previous student, as if that one handed it in (a copy).
 */
export function studentCases(lab: LabSpec, secret: Buffer, ids: string[], t: Translator, deep: string[]): StudentCase[] {
  if (!lab.parameters || ids.length < 2) return [];
  const labs = ids.map((id) => forStudent(lab, secret, id, t));
  return labs.map((own, i) => {
    const copier = labs[(i + labs.length - 1) % labs.length];
    const solution = studentSolutionOf(lab.dir, own.student!.values);
    return {
      case: solution,
      own: { lab: own, label: t('selftest.asStudent', { student: own.student!.id }) },
      copier: {
        lab: copier,
        label: t('selftest.copied', { from: own.student!.id, student: copier.student!.id }),
        case: { ...solution, kind: 'wrong', name: `copied-by-${copier.student!.id}`, expect: copiedExpect(copier, own, t, deep) },
      },
    };
  });
}

/** What `own` must get for `other`'s work: the checks whose params differ fail (with the mismatch hint), what depends on them is skipped. */
export function copiedExpect(own: LabSpec, other: LabSpec, t: Translator, deep: string[]): NonNullable<Case['expect']> {
  const theirs = new Map(other.checks.map((c) => [c.id, JSON.stringify(c.params)]));
  const fail: string[] = [];
  const skip: string[] = [];
  for (const c of own.checks) {
    if (deep.includes(c.id)) continue;
    if (c.dependsOn.some((d) => fail.includes(d) || skip.includes(d))) skip.push(c.id);
    else if (theirs.get(c.id) !== JSON.stringify(c.params)) fail.push(c.id);
  }
  const mismatch = t('params.mismatch', { lab: own.id, student: own.student!.id });
  return { fail, skip, hints: Object.fromEntries(fail.map((id) => [id, mismatch])) };
}

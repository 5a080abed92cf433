import { globToRegExp, parseRoster, RosterError } from '../../src/class/roster.js';
import { translator } from '../../src/i18n/index.js';
import { gradebookCsv, gradebookJson } from '../../src/report/gradebook.js';
import { mixed as mixedResult } from './fixtures/mixed-result.js';

test('a roster with a header, in any column order, with optional contexts', () => {
  expect(parseRoster('namespace,student,context\nalumno-ana,Ana López,kind-a\n# a comment\n\nalumno-bea,"Bea, la de 2º",\n')).toEqual([
    { student: 'Ana López', namespace: 'alumno-ana', context: 'kind-a' },
    { student: 'Bea, la de 2º', namespace: 'alumno-bea' },
  ]);
});

test('a roster without a header is student, namespace, context', () => {
  expect(parseRoster('Ana,alumno-ana\nBea,alumno-bea,ctx\n')).toEqual([
    { student: 'Ana', namespace: 'alumno-ana' },
    { student: 'Bea', namespace: 'alumno-bea', context: 'ctx' },
  ]);
});

test.each([
  ['a missing namespace', 'student,namespace\nAna,\n', 'line 2: needs a student', 'línea 2: faltan'],
  ['a namespace listed twice', 'Ana,ns\nBea,ns\n', 'line 2: namespace ns is listed twice', 'línea 2: el namespace ns aparece dos veces'],
  ['a broken quote', 'Ana,"ns\n', 'invalid CSV (Quote', 'CSV no válido (Quote'],
])('a roster with %s names the problem and its line, in both languages', (_, text, en, es) => {
  let error: unknown;
  try {
    parseRoster(text);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(RosterError);
  const { key, params } = error as RosterError;
  expect(translator('en')(`roster.${key}`, params)).toContain(en);
  expect(translator('es')(`roster.${key}`, params)).toContain(es);
});

test('namespace globs match whole names only', () => {
  const re = globToRegExp('alumno-*');
  expect(['alumno-ana', 'alumno-', 'xalumno-a', 'alumno.ana'].filter((n) => re.test(n))).toEqual(['alumno-ana', 'alumno-']);
  expect(globToRegExp('a?.b').test('ax.b')).toBe(true);
  expect(globToRegExp('a?.b').test('axxb')).toBe(false);
});

test('the gradebook has a row per student and lab, a column per check, and no formulas', () => {
  const lab = mixedResult.labs[0];
  const rows = [{ student: '=HYPERLINK("x")', namespace: 'alumno-a', lab }, { student: 'Bea', namespace: 'alumno-b', context: 'kind-2', lab }];
  const csv = gradebookCsv(rows).trim().split('\n');
  expect(csv[0]).toBe(['student,namespace,context,lab,status,score,max_score,ungraded_points,incomplete', ...lab.checks.map((c) => c.id)].join(','));
  expect(csv[1].startsWith(`"'=HYPERLINK(""x"")",alumno-a,,1,fail,2,4,3,true,pass,fail,error,ungraded,blocked,skip`)).toBe(true);
  const json = JSON.parse(gradebookJson(rows, { name: 'lab-grader', version: '0' }));
  expect(json.gradebook[1]).toMatchObject({ student: 'Bea', context: 'kind-2', lab: '1', score: 2, maxScore: 4, incomplete: true });
  expect(json.gradebook[1].checks.find((c: { id: string }) => c.id === 'image-version')).toMatchObject({ status: 'skip', skipReason: 'blocked' });
});

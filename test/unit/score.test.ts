import { exitCodeOf, totalOf, type LabResult, type RunResult } from '../../src/runner/result.js';

const lab = (over: Partial<LabResult>): LabResult => ({
  id: '1', slug: 's', title: 't', status: 'pass', score: 2, maxScore: 2, ungradedPoints: 0, incomplete: false, durationMs: 1, checks: [], ...over,
});
const run = (labs: LabResult[]): RunResult => ({ schemaVersion: 1, tool: { name: 'lab-grader', version: '0' }, labs, total: totalOf(labs) });

test('the total adds up every lab and is incomplete when one is', () => {
  const total = totalOf([lab({ score: 3, maxScore: 5 }), lab({ status: 'error', score: 1, maxScore: 2, ungradedPoints: 4, incomplete: true })]);
  expect(total).toEqual({ score: 4, maxScore: 7, ungradedPoints: 4, incomplete: true });
});

test.each([
  ['all passed', [lab({})], undefined, 0],
  ['a failure', [lab({}), lab({ status: 'fail', score: 1 })], undefined, 1],
  ['only ungraded trouble', [lab({ status: 'error', incomplete: true, ungradedPoints: 1 })], undefined, 2],
  ['failure and trouble: the student has something to fix', [lab({ status: 'fail' }), lab({ status: 'error', incomplete: true })], undefined, 1],
  ['min score reached despite a failure', [lab({ status: 'fail', score: 3, maxScore: 4 })], 3, 0],
  ['below the min score', [lab({ status: 'fail', score: 2, maxScore: 4 })], 3, 1],
  ['below the min score, and the ungraded points might reach it: cannot tell', [lab({ status: 'error', score: 2, incomplete: true, ungradedPoints: 1 })], 3, 2],
  ['below the min score even with every ungraded point: below', [lab({ status: 'error', score: 1, incomplete: true, ungradedPoints: 1 })], 3, 1],
] as const)('exit code: %s', (_, labs, minScore, code) => {
  expect(exitCodeOf(run([...labs]), minScore)).toBe(code);
});

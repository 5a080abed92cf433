import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findLab, loadLab, loadLabs, SpecError } from '../../src/spec/loader.js';
import { labSchema } from '../../src/spec/schema.js';

const HERE = dirname(fileURLToPath(import.meta.url));

const ROOT = join(HERE, '..', '..');
const BAD = join(HERE, 'fixtures', 'bad-labs');

function problemsOf(dir: string) {
  try {
    loadLab(dir, dir.replace(`${ROOT}/`, ''));
  } catch (err) {
    expect(err).toBeInstanceOf(SpecError);
    return (err as SpecError).problems;
  }
  throw new Error('expected a SpecError');
}

test('the bundled labs load, with defaults filled in', () => {
  const labs = loadLabs(join(ROOT, 'labs'));
  expect(labs.map((l) => l.slug)).toEqual(expect.arrayContaining(['mysql', 'wordpress']));
  const mysql = findLab(labs, '1')!;
  expect(findLab(labs, '01')).toBe(mysql);
  expect(findLab(labs, 'mysql')).toBe(mysql);
  expect(findLab(labs, 'nope')).toBeUndefined();
  expect(mysql.checks.every((c) => c.points >= 0 && Array.isArray(c.dependsOn))).toBe(true);
});

test('a malformed spec names the file, the field path and the line of each problem', () => {
  const problems = problemsOf(join(BAD, '01-broken'));
  const at = (path: string) => problems.find((p) => p.path === path);
  expect(problems.every((p) => p.file === 'test/unit/fixtures/bad-labs/01-broken/lab.yaml')).toBe(true);
  expect(at('checks[1].params.port')).toMatchObject({ line: 15, message: expect.stringContaining('pattern') });
  expect(at('checks[1].params.colour')).toMatchObject({ line: 17, message: 'unknown field' });
  expect(at('checks[2].id')).toMatchObject({ line: 18 });
  expect(at('checks[2].kind')).toMatchObject({ line: 19, message: expect.stringContaining('docker.container-exists') });
  expect(at('checks[2].title')).toMatchObject({ line: 20, message: expect.stringContaining('en') });
});

test('semantic problems: dependsOn must name an earlier check', () => {
  const dir = join(BAD, '01-broken');
  const text = readFileSync(join(dir, 'lab.yaml'), 'utf8');
  expect(text).toContain('later-check');
  // Only reported once the schema errors are gone, so check it on a lab that is otherwise valid.
  const problems = problemsOf(join(ROOT, 'test', 'unit', 'fixtures', 'dep-labs', '01-deps'));
  expect(problems).toEqual([expect.objectContaining({ path: 'checks[0].dependsOn[0]', line: 10, message: expect.stringContaining('later') })]);
});

test('a YAML syntax error names the file and line', () => {
  const problems = problemsOf(join(BAD, '02-syntax'));
  expect(problems[0].file).toContain('02-syntax/lab.yaml');
  expect(problems[0].line).toBeGreaterThanOrEqual(5);
});

test('labs/lab.schema.json is the schema the loader uses (run npm run schema after adding a kind)', () => {
  const shipped = JSON.parse(readFileSync(join(ROOT, 'labs', 'lab.schema.json'), 'utf8'));
  expect(shipped).toEqual(labSchema());
});

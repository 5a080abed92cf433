import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { translator } from '../../src/i18n/index.js';
import { loadLab, loadLabs, SpecError, type SpecProblem } from '../../src/spec/loader.js';

/**
 * Failure drills for lab.yaml: each fixture in fixtures/spec-drills is malformed in one way,
 * and loading it must fail with the file, the field path and the line of each problem.
 * Loading never evaluates anything in the spec.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, 'fixtures', 'spec-drills');
const work = mkdtempSync(join(tmpdir(), 'lab-spec-drills-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The fixture as labs/09-drill/lab.yaml, next to its statements, so only the fixture's own fault shows. */
function problemsOf(name: string, lang: 'es' | 'en' = 'en'): SpecProblem[] {
  const dir = join(work, name, '09-drill');
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(FIXTURES, `${name}.yaml`), join(dir, 'lab.yaml'));
  for (const l of ['es', 'en']) writeFileSync(join(dir, `task.${l}.md`), '# Drill\n');
  try {
    loadLab(dir, `${name}/09-drill`, translator(lang));
  } catch (err) {
    expect(err).toBeInstanceOf(SpecError);
    const problems = (err as SpecError).problems;
    for (const p of problems) {
      expect(p.file).toBe(`${name}/09-drill/lab.yaml`);
      expect(p.message).not.toContain('\n');
    }
    return problems;
  }
  throw new Error(`${name}: expected a SpecError`);
}

const only = (line: number, path: string, message: RegExp | string) => [{ line, path, message: typeof message === 'string' ? message : expect.stringMatching(message) }];
const shape = (ps: SpecProblem[]) => ps.map(({ line, path, message }) => ({ line, path, message }));

test.each([
  ['syntax', only(4, '', /^invalid YAML: Flow map .* must be .* end with a }$/)],
  ['empty', only(1, '', 'must be of type object, not null')],
  ['not-a-mapping', only(1, '', 'must be of type object, not [{"id":"9"},{"slug":"drill"}]')],
  ['unknown-kind', only(7, 'checks[0].kind', /^unknown check kind "docker\.container-exist"\. Did you mean docker\.container-exists\b/)],
  ['unknown-kind-far', only(7, 'checks[0].kind', /^unknown check kind "docker\.no-such-thing"\. Kinds: docker\.container-exists, .*k8s\.exists/)],
  ['params-type', only(10, 'checks[0].params.port', 'must be of type integer, not "80"')],
  ['params-missing', only(9, 'checks[0].params', 'missing required field container')],
  ['params-unknown', only(11, 'checks[0].params.colour', 'unknown field')],
  ['duplicate-id', only(14, 'checks[2].id', 'duplicate check id "container-exists" (first at line 6)')],
  ['depends-missing', only(14, 'checks[1].dependsOn[0]', 'no check "container-exist" in this lab. Did you mean container-exists?')],
  ['cycle', [
    { line: 10, path: 'checks[0].dependsOn[0]', message: 'dependency cycle: a → c → b → a' },
    { line: 25, path: 'checks[3].dependsOn[0]', message: 'dependency cycle: d → d' },
    { line: 30, path: 'checks[4].dependsOn[0]', message: '"f" comes after this check: move it before, a dependency runs first' },
  ]],
  ['missing-translation', [
    { line: 3, path: 'title', message: 'missing required field es' },
    { line: 8, path: 'checks[0].title', message: 'missing required field en' },
  ]],
  ['bad-id', only(6, 'checks[0].id', /^"Container_Exists" must be kebab-case/)],
  ['points', [
    { line: 10, path: 'checks[0].points', message: 'must be >= 0, not -1' },
    { line: 15, path: 'checks[1].points', message: 'must be of type number, not "three"' },
  ]],
  ['unknown-field', [
    { line: 5, path: 'author', message: 'unknown field' },
    { line: 10, path: 'checks[0].descripton', message: 'unknown field' },
  ]],
  ['target', only(4, 'target', '"podman" is not allowed; use one of: docker, kubernetes')],
  ['kind-target', only(7, 'checks[0].kind', 'kind k8s.exists is for kubernetes labs, and this lab targets docker')],
  ['alias-bomb', only(12, 'lol.b[0]', 'too many YAML aliases (*a): a lab spec needs few or none')],
  ['alias-unresolved', only(3, 'title.en', 'alias *nope has no anchor &nope before it')],
])('%s', (name, expected) => {
  expect(shape(problemsOf(name))).toEqual(expected);
});

test('custom tags are refused and never run: !!js/function, !!js/undefined, !custom', () => {
  const marker = '/tmp/lab-grader-spec-drill-pwned';
  rmSync(marker, { force: true });
  expect(shape(problemsOf('js-function'))).toEqual([
    { line: 2, path: 'slug', message: 'tag !!js/function is not allowed: a lab spec is data, and nothing in it is ever evaluated' },
    { line: 3, path: 'title.en', message: 'tag !!js/undefined is not allowed: a lab spec is data, and nothing in it is ever evaluated' },
    { line: 4, path: 'target', message: 'tag !custom is not allowed: a lab spec is data, and nothing in it is ever evaluated' },
  ]);
  expect(existsSync(marker)).toBe(false);
});

test('an alias bomb is refused quickly, without expanding it', () => {
  const started = performance.now();
  problemsOf('alias-bomb');
  expect(performance.now() - started).toBeLessThan(1000);
});

test('every drill fixture is covered by a test', () => {
  const covered = ['syntax', 'empty', 'not-a-mapping', 'unknown-kind', 'unknown-kind-far', 'params-type', 'params-missing', 'params-unknown',
    'duplicate-id', 'depends-missing', 'cycle', 'missing-translation', 'bad-id', 'points', 'unknown-field', 'target', 'kind-target',
    'alias-bomb', 'alias-unresolved', 'js-function'];
  expect(readdirSync(FIXTURES).map((f) => f.replace(/\.yaml$/, '')).sort()).toEqual(covered.sort());
});

test('the structural messages speak Spanish too', () => {
  expect(shape(problemsOf('params-missing', 'es'))).toEqual(only(9, 'checks[0].params', 'falta el campo obligatorio container'));
  expect(problemsOf('cycle', 'es')[0].message).toBe('ciclo de dependencias: a → c → b → a');
  expect(problemsOf('unknown-field', 'es')[0].message).toBe('campo desconocido');
  expect(problemsOf('unknown-kind', 'es')[0].message).toMatch(/^tipo de comprobación desconocido "docker\.container-exist"\. ¿Querías decir docker\.container-exists/);
});

test('two lab folders with the same id, or the same slug, are refused with both files named', () => {
  const cwd = process.cwd();
  process.chdir(join(HERE, 'fixtures'));
  try {
    loadLabs('dup-labs');
    throw new Error('expected a SpecError');
  } catch (err) {
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).problems).toEqual([
      { file: 'dup-labs/09-other/lab.yaml', line: 1, path: 'id', message: 'id 9 is also the id of dup-labs/09-drill/lab.yaml' },
      { file: 'dup-labs/10-drill/lab.yaml', line: 2, path: 'slug', message: 'slug drill is also the slug of dup-labs/09-drill/lab.yaml' },
    ]);
  } finally {
    process.chdir(cwd);
  }
});

import { runCli } from '../labs/harness.js';

/** A malformed lab through the built CLI: exit 2, and one line per problem as file:line: path: problem. */
const BAD = { LAB_GRADER_LABS: 'test/unit/fixtures/bad-labs' };
const PROBLEM = /^test\/unit\/fixtures\/[\w-]+\/\d\d-[\w-]+\/lab\.yaml:\d+: [\w.[\]()]+: \S.*$/;

test('lab check on a malformed lab: exit 2, one line with the first problem and how to see them all', async () => {
  for (const [lang, more] of [['en', 'and 6 more problems: lab validate'], ['es', 'y 6 problemas más: lab validate']]) {
    const run = await runCli(['check', '1', '--lang', lang], BAD);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([`lab: test/unit/fixtures/bad-labs/01-broken/lab.yaml:15: checks[1].params.port: ${lang === 'en' ? 'must match pattern' : 'debe cumplir el patrón'} "^[0-9]+/(tcp|udp)$" (${more})`]);
  }
});

test('lab validate <lab dir>: exit 2, every problem on its own line, in the chosen language', async () => {
  const run = await runCli(['validate', 'test/unit/fixtures/bad-labs/01-broken', '--lang', 'es']);
  expect(run.code).toBe(2);
  const lines = run.stdout.trim().split('\n');
  expect(lines.pop()).toBe('0/1 prácticas válidas');
  expect(lines).toHaveLength(5);
  for (const line of lines) expect(line).toMatch(PROBLEM);
  expect(lines).toContain('test/unit/fixtures/bad-labs/01-broken/lab.yaml:17: checks[1].params.colour: campo desconocido');
  expect(run.stderr).toBe('');
});

test('lab validate on a folder where two labs share an id or a slug: exit 2, naming both files', async () => {
  const run = await runCli(['validate', 'test/unit/fixtures/dup-labs', '--lang', 'en']);
  expect(run.code).toBe(2);
  expect(run.stdout).toContain('test/unit/fixtures/dup-labs/09-other/lab.yaml:1: id: id 9 is also the id of test/unit/fixtures/dup-labs/09-drill/lab.yaml\n');
  expect(run.stdout).toContain('test/unit/fixtures/dup-labs/10-drill/lab.yaml:2: slug: slug drill is also the slug of test/unit/fixtures/dup-labs/09-drill/lab.yaml\n');
  expect(run.stdout).toContain('1/3 labs valid');
  const check = await runCli(['check', '9', '--lang', 'en'], { LAB_GRADER_LABS: 'test/unit/fixtures/dup-labs' });
  expect(check.code).toBe(2);
  expect(check.stderr.trim().split('\n')).toEqual(['lab: test/unit/fixtures/dup-labs/09-other/lab.yaml:1: id: id 9 is also the id of test/unit/fixtures/dup-labs/09-drill/lab.yaml (and 1 more problems: lab validate)']);
});

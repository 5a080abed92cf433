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

test('lab validate names every problem of a wrong variant\'s expect.yaml at its own line, in both languages', async () => {
  const at = 'test/unit/fixtures/variant-labs/01-variants/wrong';
  const expected = {
    en: [`${at}/empty/expect.yaml:3: fail: must list under fail the checks this variant fails`, `${at}/missing/expect.yaml:0: (root): missing: every wrong variant says in expect.yaml which checks it fails`, `${at}/typo/expect.yaml:4: fail[1]: "runing" is not a check of lab 1`, '0/1 labs valid'],
    es: [`${at}/empty/expect.yaml:3: fail: debe listar en fail las comprobaciones que falla esta variante`, `${at}/missing/expect.yaml:0: (root): falta: cada variante errónea dice en expect.yaml qué comprobaciones falla`, `${at}/typo/expect.yaml:4: fail[1]: "runing" no es una comprobación de la práctica 1`, '0/1 prácticas válidas'],
  };
  for (const lang of ['en', 'es'] as const) {
    const run = await runCli(['validate', 'test/unit/fixtures/variant-labs', '--lang', lang]);
    expect(run.code).toBe(2);
    expect(run.stdout.trim().split('\n').sort()).toEqual([...expected[lang]].sort());
  }
});

test('lab validate on a folder that does not exist: exit 2, one line in the chosen language', async () => {
  const run = await runCli(['validate', 'no/such/labs', '--lang', 'es']);
  expect(run.code).toBe(2);
  expect(run.stderr.trim()).toBe('lab: no/such/labs: no existe esa carpeta');
});

test('usage mistakes in values are one line and exit 2, in the chosen language, never an "unexpected error"', async () => {
  const cases: [string[], string][] = [
    [['check', '1', '--timeout', 'abc', '--lang', 'es'], 'lab: --timeout tiene que ser un número de segundos mayor que 0 (lab --help)'],
    [['check', '1', '--timeout', '0', '--lang', 'en'], 'lab: --timeout must be a positive number of seconds (lab --help)'],
    [['grade', '1', '--min-score', '18pts', '--lang', 'en'], 'lab: --min-score must be a number of points (lab --help)'],
    [['validate', 'labs/01-mysql/lab.yaml', '--lang', 'en'], "lab: labs/01-mysql/lab.yaml is a file: give the lab's folder (the one with lab.yaml) or a folder of labs"],
  ];
  for (const [args, line] of cases) {
    const run = await runCli(args, { DOCKER_HOST: 'unix:///nonexistent.sock' });
    expect({ args, code: run.code, stderr: run.stderr.trim().replace(/ \(lab --help\)$/, '') }).toEqual({ args, code: 2, stderr: line.replace(/ \(lab --help\)$/, '') });
    expect(run.stdout).toBe('');
  }
});

import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { translator } from '../../src/i18n/index.js';
import type { LabResult } from '../../src/runner/result.js';
import { casesOf, defaultValuesOf, studentSolutionOf } from '../../src/selftest/cases.js';
import { loadLab, SpecError } from '../../src/spec/loader.js';
import { defaultsOf, deriveValue, substitute, valuesFor, type ParamSpec } from '../../src/spec/params.js';
import { forStudent, hideValues, redactResult, statementFor, studentOfNamespace } from '../../src/spec/student.js';

const LABS = join(process.cwd(), 'labs');
const secret = Buffer.from('unit test secret');
const t = translator('en');

describe('deriveValue', () => {
  const port: ParamSpec = { type: 'port', default: 3306, min: 13300, max: 13399 };
  const word: ParamSpec = { type: 'string', default: 'curso', prefix: 'curso_', charset: 'abc123', length: 4 };
  const pick: ParamSpec = { type: 'string', default: 'x', values: ['red', 'green', 'blue'] };

  test('is stable: the same secret, lab, student and name give the same value', () => {
    expect(deriveValue(secret, '1', 'ana', 'db_name', word)).toBe(deriveValue(Buffer.from('unit test secret'), '1', 'ana', 'db_name', word));
  });

  test('stays in the domain', () => {
    for (let i = 0; i < 200; i++) {
      const p = deriveValue(secret, '1', `s${i}`, 'host_port', port) as number;
      expect(Number.isInteger(p) && p >= 13300 && p <= 13399).toBe(true);
      expect(deriveValue(secret, '1', `s${i}`, 'db_name', word)).toMatch(/^curso_[abc123]{4}$/);
      expect(['red', 'green', 'blue']).toContain(deriveValue(secret, '1', `s${i}`, 'colour', pick));
    }
  });

  test('differs with the student, the lab, the parameter and the secret', () => {
    const base = deriveValue(secret, '1', 'ana', 'db_name', { ...word, length: 12 });
    expect(deriveValue(secret, '1', 'ben', 'db_name', { ...word, length: 12 })).not.toBe(base);
    expect(deriveValue(secret, '2', 'ana', 'db_name', { ...word, length: 12 })).not.toBe(base);
    expect(deriveValue(secret, '1', 'ana', 'other', { ...word, length: 12 })).not.toBe(base);
    expect(deriveValue(Buffer.from('another secret'), '1', 'ana', 'db_name', { ...word, length: 12 })).not.toBe(base);
    // 200 students over 100 ports: many different values, not one.
    expect(new Set(Array.from({ length: 200 }, (_, i) => deriveValue(secret, '1', `s${i}`, 'p', port))).size).toBeGreaterThan(50);
  });

  test('without a secret or a student every parameter has its default', () => {
    const params = { host_port: port, db_name: word };
    expect(valuesFor(params, '1')).toEqual({ host_port: 3306, db_name: 'curso' });
    expect(valuesFor(params, '1', undefined, 'ana')).toEqual(defaultsOf(params));
  });
});

describe('substitute', () => {
  test('is typed: a whole ${name} keeps its type, inside a text it is written out; unknown names stay', () => {
    expect(substitute({ hostPort: '${port}', args: ['-p ${port}:3306', '${nope}'], n: 3 }, { port: 13301 })).toEqual({ hostPort: 13301, args: ['-p 13301:3306', '${nope}'], n: 3 });
  });
});

describe('lab specs with parameters', () => {
  test("lab 1 loads with today's values: without a secret nothing changes", () => {
    const lab = loadLab(join(LABS, '01-mysql'));
    const login = lab.checks.find((c) => c.id === 'db-login')!;
    expect(login.params).toMatchObject({ hostPort: 3306, password: 'password', database: 'curso' });
    expect(login.title.en).toBe('usuario logs in and sees curso');
    expect(forStudent(lab, undefined, 'ana', t)).toBe(lab);
  });

  test("a student's lab carries their values in params, and names them (never shows them) in titles and hints", () => {
    const lab = forStudent(loadLab(join(LABS, '01-mysql')), secret, 'ana', t);
    const { values } = lab.student!;
    const login = lab.checks.find((c) => c.id === 'db-login')!;
    expect(login.params).toMatchObject({ hostPort: values.host_port, password: values.password, database: values.db_name });
    expect(typeof login.params.hostPort).toBe('number');
    expect(login.title.en).toBe('usuario logs in and sees «db_name»');
    expect(JSON.stringify(lab.checks.map((c) => [c.title, c.hint]))).not.toContain(String(values.password));
  });

  test("lab 2 (WordPress on lab 1's database) gets the student's lab 1 values", () => {
    const [one, two] = ['01-mysql', '02-wordpress'].map((d) => forStudent(loadLab(join(LABS, d)), secret, 'ana', t));
    expect(two.student!.values).toEqual(one.student!.values);
  });

  test('a parameterised lab graded with a secret needs the student', () => {
    expect(() => forStudent(loadLab(join(LABS, '03-nginx-pod')), secret, undefined, t)).toThrow(/--student/);
  });

  test('the statement shows the student\'s values, or the defaults', () => {
    const lab = loadLab(join(LABS, '01-mysql'));
    const text = readFileSync(join(lab.dir, 'task.en.md'), 'utf8');
    expect(statementFor(text, lab)).toContain('a database `curso`');
    const mine = forStudent(lab, secret, 'ana', t);
    expect(statementFor(text, mine)).toContain(`a database \`${mine.student!.values.db_name}\``);
    expect(statementFor(text, mine)).not.toContain('${');
  });

  test("a student's solution (student/) is rendered with their values; with the defaults it is solution/ exactly", () => {
    for (const [folder, file] of [['01-mysql', 'run.sh'], ['03-nginx-pod', 'pod.yaml'], ['04-daemonset', 'daemonset.yaml']]) {
      const dir = join(LABS, folder);
      const rendered = readFileSync(join(studentSolutionOf(dir, defaultValuesOf(dir)).dir, file), 'utf8');
      expect([folder, rendered]).toEqual([folder, readFileSync(join(dir, 'solution', file), 'utf8')]);
      expect(casesOf(dir).find((c) => c.kind === 'solution')!.dir).toBe(join(dir, 'solution'));
    }
    const mine = readFileSync(join(studentSolutionOf(join(LABS, '01-mysql'), { db_name: 'curso_x1', password: 'pw', host_port: 13305 }).dir, 'run.sh'), 'utf8');
    expect(mine).toContain('-p 13305:3306');
    expect(mine).toContain('-e MYSQL_DATABASE=curso_x1');
  });

  describe('a placeholder that names no parameter', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'lab-params-')), '09-drill');
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const write = (yaml: string, task = '# Task\n') => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'lab.yaml'), yaml);
      writeFileSync(join(dir, 'task.es.md'), task);
      writeFileSync(join(dir, 'task.en.md'), task);
    };
    const spec = (param: string) => `id: "9"\nslug: drill\ntitle: { es: a, en: a }\ntarget: docker\nparameters:\n  port: { type: port, default: 8080, min: 9000, max: 9099 }\nchecks:\n  - id: one\n    kind: docker.container-exists\n    title: { es: a, en: a }\n    params: { container: "${param}" }\n`;
    const problems = () => {
      try {
        loadLab(dir, 'drill/09-drill');
      } catch (err) {
        return (err as SpecError).problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
      }
      return [];
    };

    test('is a spec error naming lab.yaml and its line', () => {
      write(spec('web-${prot}'));
      expect(problems()).toEqual(['drill/09-drill/lab.yaml:11: ${prot} is not a parameter of this lab (parameters: port)']);
    });

    test('in a statement, names the task file and its line', () => {
      write(spec('web-${port}'), '# Task\n\nPublish on ${host_port}.\n');
      expect(problems()).toContain('drill/09-drill/task.es.md:3: ${host_port} is not a parameter of this lab (parameters: port)');
    });

    test('a typed default is validated where the kind wants an integer', () => {
      write(spec('web-${port}').replace('params: { container: "web-${port}" }', 'params: { container: web, port: 80/tcp, hostPort: "${port}" }').replace('docker.container-exists', 'docker.port-published'));
      expect(problems()).toEqual([]);
    });
  });
});

describe('what a student sees of a failed parameterised check', () => {
  const lab = forStudent(loadLab(join(LABS, '01-mysql')), secret, 'ana', t);
  const { values } = lab.student!;
  const result = {
    id: '1', slug: 'mysql', title: 'x', status: 'fail', durationMs: 1, score: 0, maxScore: 2, ungradedPoints: 0, incomplete: false,
    checks: [
      { id: 'env-database', title: 'x', status: 'fail', points: 1, durationMs: 1, expected: `MYSQL_DATABASE=${values.db_name}`, actual: 'MYSQL_DATABASE=curso_zzzz', hint: 'h' },
      { id: 'image-pinned', title: 'x', status: 'fail', points: 1, durationMs: 1, hint: 'pin it' },
    ],
  } as LabResult;

  test('says the values do not match the statement, and shows none of them', () => {
    const [env, image] = redactResult(lab, result, t).checks;
    expect(env.hint).toContain('do not match those of your statement');
    expect(env.hint).toContain('lab show 1 --student ana');
    expect(env.expected).toBe('MYSQL_DATABASE=«db_name»');
    expect(env.actual).toBe('MYSQL_DATABASE=curso_zzzz');
    expect(image).toEqual(result.checks[1]);
    expect(translator('es')('params.mismatch', { lab: '1', student: 'ana' })).toContain('no coinciden');
  });

  test('hideValues replaces the longest values first', () => {
    expect(hideValues('a 13301 b pw-abc', { host_port: 13301, password: 'pw-abc' })).toBe('a «host_port» b «password»');
  });
});

test("a namespace graded with --namespaces 'alumno-*' is the student after the prefix", () => {
  expect(studentOfNamespace('alumno-ana', ['alumno-*'])).toBe('ana');
  expect(studentOfNamespace('ana', ['*'])).toBe('ana');
  expect(studentOfNamespace('lab3-ben', ['other-*', 'lab3-*'])).toBe('ben');
});

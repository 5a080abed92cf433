import { pino } from 'pino';
import { translator } from '../../src/i18n/index.js';
import { githubSummary } from '../../src/report/github.js';
import { reporters } from '../../src/report/index.js';
import { embedSignature, parseKey } from '../../src/report/sign.js';
import { totalOf, type RunResult } from '../../src/runner/result.js';
import { runLab } from '../../src/runner/run-lab.js';
import { findLab, loadLabs } from '../../src/spec/loader.js';
import type { DockerTarget } from '../../src/targets/docker.js';
import { LABS } from '../labs/harness.js';

/**
 * No report format may ever show a student's password. Lab 1's real env checks run on a container
 * whose env carries the student's own passwords (a stand-in for the engine's inspect); the same
 * passwords sit in this process's environment, where a reporter could also pick them up.
 */
const STUDENT_PASSWORD = 'S3cr3t-of-the-student';
const STUDENT_ROOT_PASSWORD = 'R00t-pw-of-the-student';

const container = {
  Id: 'c0ffee',
  Name: '/mimysql',
  Config: {
    Image: 'mysql:5.7',
    Env: [`MYSQL_ROOT_PASSWORD=${STUDENT_ROOT_PASSWORD}`, `MYSQL_PASSWORD=${STUDENT_PASSWORD}`, 'MYSQL_DATABASE=curso', 'MYSQL_USER=usuario', `API_TOKEN=${STUDENT_PASSWORD}`],
  },
  State: { Running: true, Status: 'running' },
};
const docker = { inspect: async (name: string) => (name === 'mimysql' ? container : undefined), containerNames: async () => ['mimysql'] } as unknown as DockerTarget;

async function gradeWithSecrets(lang: 'es' | 'en'): Promise<RunResult> {
  const lab1 = findLab(loadLabs(LABS), '1')!;
  const wanted = ['docker.container-exists', 'docker.env', 'docker.image-name', 'docker.image-pinned'];
  const lab = { ...lab1, checks: lab1.checks.filter((c) => wanted.includes(c.kind)) };
  const result = await runLab(lab, {
    lang, t: translator(lang), log: pino({ level: 'silent' }), timeoutSeconds: 5, deep: false,
    docker: async () => docker, kube: async () => { throw new Error('no cluster in this test'); },
  });
  return { schemaVersion: 1, tool: { name: 'lab-grader', version: '0.0.0' }, labs: [result], total: totalOf([result]) };
}

const saved = { ...process.env };
beforeAll(() => Object.assign(process.env, { MYSQL_PASSWORD: STUDENT_PASSWORD, MYSQL_ROOT_PASSWORD: STUDENT_ROOT_PASSWORD, LAB_PASSWORD: STUDENT_PASSWORD }));
afterAll(() => {
  for (const k of ['MYSQL_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'LAB_PASSWORD']) if (saved[k] === undefined) delete process.env[k];
});

test.each(['en', 'es'] as const)('no report format (%s) contains a password', async (lang) => {
  const result = await gradeWithSecrets(lang);
  // The checks did read the student's passwords: they differ from the statement's, so env-passwords fails.
  const passwords = result.labs[0].checks.find((c) => c.id === 'env-passwords')!;
  expect(passwords.status).toBe('fail');
  expect(passwords.actual).toMatch(/MYSQL_ROOT_PASSWORD=\*{8} .*MYSQL_PASSWORD=\*{8}/);

  const outputs: [string, string][] = Object.entries(reporters).map(([format, report]) => [format, report(result, { lang, color: format === 'pretty' })]);
  outputs.push(['github summary', githubSummary(result, { lang, color: false })]);
  outputs.push(['signed json', embedSignature(reporters.json(result, { lang, color: false }), parseKey(Buffer.from(STUDENT_PASSWORD.repeat(2))))]);
  expect(outputs.length).toBeGreaterThanOrEqual(Object.keys(reporters).length + 2);
  for (const [format, out] of outputs) {
    expect(out.length).toBeGreaterThan(0);
    for (const secret of [STUDENT_PASSWORD, STUDENT_ROOT_PASSWORD]) expect([format, out.includes(secret)]).toEqual([format, false]);
    expect([format, out.includes('********')]).toEqual([format, true]);
  }
});

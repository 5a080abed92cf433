import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { reporters } from '../../src/report/index.js';
import type { RunResult } from '../../src/runner/result.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Golden files: set UPDATE_GOLDEN=1 to rewrite them after an intended change, then read the diff. */
const GOLDEN = join(HERE, 'golden');

const result: RunResult = {
  schemaVersion: 1,
  tool: { name: 'lab-grader', version: '0.1.0' },
  labs: [
    {
      id: '1', slug: 'mysql', title: 'MySQL container mimysql with persistent data', status: 'fail', score: 2, maxScore: 4, ungradedPoints: 3, incomplete: true, durationMs: 1234,
      checks: [
        { id: 'container-exists', title: 'Container mimysql exists', status: 'pass', points: 1, message: 'Container mimysql exists.', durationMs: 3 },
        { id: 'image-pinned', title: 'The image pins a version', status: 'fail', points: 1, message: 'mysql:latest uses the latest tag & moves.', expected: 'an explicit tag other than latest', actual: 'mysql:latest', hint: 'Give the version, for example mysql:5.7.\nSecond line <with> "markup".', durationMs: 2 },
        { id: 'db-login', title: 'usuario logs in', status: 'error', points: 1, message: 'Could not check: boom', durationMs: 30000 },
        { id: 'db-has-tables', title: 'The database has tables', status: 'skip', skipReason: 'incomplete', points: 2, message: 'Not graded: it depends on db-login, which could not be checked.', durationMs: 0 },
        { id: 'image-version', title: 'The image is 5.7', status: 'skip', skipReason: 'blocked', points: 1, message: 'Blocked: image-pinned must pass first.', durationMs: 0 },
        { id: 'data-survives-recreate', title: 'Data survives', status: 'skip', skipReason: 'optional', points: 2, message: 'Skipped: runs only with --deep.', durationMs: 0 },
        { id: 'env-passwords', title: 'Passwords', status: 'pass', points: 1, expected: 'MYSQL_PASSWORD=********', actual: 'MYSQL_PASSWORD=********', durationMs: 1 },
      ],
    },
  ],
  total: { score: 2, maxScore: 4, ungradedPoints: 3, incomplete: true },
};

test.each([
  ['pretty', 'en', false],
  ['pretty', 'es', false],
  ['pretty', 'en', true],
  ['json', 'en', false],
  ['junit', 'en', false],
] as const)('%s (%s, colour %s) matches its golden file', (format, lang, color) => {
  const file = join(GOLDEN, `mixed.1.${lang}${color ? '.color' : ''}.${format === 'pretty' ? 'txt' : format === 'junit' ? 'xml' : 'json'}`);
  const out = reporters[format](result, { lang, color });
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, out);
  expect(out).toBe(readFileSync(file, 'utf8'));
});

test('pretty uses colour codes only when asked', () => {
  expect(reporters.pretty(result, { lang: 'en', color: false })).not.toContain('\x1b[');
  expect(reporters.pretty(result, { lang: 'en', color: true })).toContain('\x1b[31m✘');
});

test('json follows the contract', () => {
  const parsed = JSON.parse(reporters.json(result, { lang: 'en', color: false }));
  expect(parsed).toEqual(result);
  expect(Object.keys(parsed.labs[0].checks[1]).sort()).toEqual(['actual', 'durationMs', 'expected', 'hint', 'id', 'message', 'points', 'status', 'title']);
});

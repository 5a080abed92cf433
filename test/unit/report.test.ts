import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { githubSummary } from '../../src/report/github.js';
import { reporters, type Format } from '../../src/report/index.js';
import { mixed as result } from './fixtures/mixed-result.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Golden files: set UPDATE_GOLDEN=1 to rewrite them after an intended change, then read the diff. */
const GOLDEN = join(HERE, 'golden');

const EXT: Record<Format, string> = { pretty: 'txt', json: 'json', junit: 'xml', tap: 'tap', github: 'github.txt', gradescope: 'gradescope.json', html: 'html' };

test.each([
  ['pretty', 'en', false],
  ['pretty', 'es', false],
  ['pretty', 'en', true],
  ['json', 'en', false],
  ['junit', 'en', false],
  ['tap', 'en', false],
  ['tap', 'es', false],
  ['github', 'en', false],
  ['gradescope', 'en', false],
  ['gradescope', 'es', false],
  ['html', 'en', false],
  ['html', 'es', false],
] as const)('%s (%s, colour %s) matches its golden file', (format, lang, color) => {
  golden(`mixed.1.${lang}${color ? '.color' : ''}.${EXT[format]}`, reporters[format](result, { lang, color }));
});

test.each(['en', 'es'] as const)('the GitHub job summary (%s) matches its golden file', (lang) => {
  golden(`mixed.1.${lang}.summary.md`, githubSummary(result, { lang, color: false }));
});

test('every format has a golden file', () => {
  expect(Object.keys(EXT).sort()).toEqual(Object.keys(reporters).sort());
});

function golden(name: string, out: string) {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, out);
  expect(out).toBe(readFileSync(file, 'utf8'));
}

test('pretty uses colour codes only when asked', () => {
  expect(reporters.pretty(result, { lang: 'en', color: false })).not.toContain('\x1b[');
  expect(reporters.pretty(result, { lang: 'en', color: true })).toContain('\x1b[31m✘');
});

test('json follows the contract', () => {
  const parsed = JSON.parse(reporters.json(result, { lang: 'en', color: false }));
  expect(parsed).toEqual(result);
  expect(Object.keys(parsed.labs[0].checks[1]).sort()).toEqual(['actual', 'durationMs', 'expected', 'hint', 'id', 'message', 'points', 'status', 'title']);
});

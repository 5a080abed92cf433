import stringWidth from '../../src/build/string-width.js';
import { yargsStrings } from '../../src/i18n/yargs-locale.js';

// What the one-file build (src/build/write-bundle.ts) puts in place of yargs' string-width and y18n's files.
test('string-width: columns in a terminal, without Intl.Segmenter', () => {
  expect(stringWidth('lab check <lab..>')).toBe(17);
  expect(stringWidth('Corrige prácticas')).toBe(17); // precomposed á
  expect(stringWidth('pra\u0301cticas')).toBe(9); // a + combining acute
  expect(stringWidth('\u001b[1m✔\u001b[22m ok')).toBe(4);
  expect(stringWidth('漢字')).toBe(4);
  expect(stringWidth('')).toBe(0);
});

test("yargs' strings: Spanish adds the heading yargs leaves in English; English needs none", () => {
  expect(yargsStrings('es')['Positionals:']).toBe('Argumentos:');
  expect(yargsStrings('en')).toEqual({});
});

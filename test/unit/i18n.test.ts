import { catalog, format, resolveLang, translator } from '../../src/i18n/index.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('Spanish and English catalogs have the same keys and the same placeholders', () => {
  const es = catalog('es');
  const en = catalog('en');
  expect(Object.keys(en).sort()).toEqual(Object.keys(es).sort());
  for (const key of Object.keys(es) as (keyof typeof es)[]) {
    expect([key, placeholders(en[key])]).toEqual([key, placeholders(es[key])]);
  }
});

test('translator fills placeholders and leaves unknown ones visible', () => {
  expect(translator('en')('port.none', { port: '3306/tcp' })).toBe('Port 3306/tcp is not published.');
  expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
});

test('--lang wins, then LC_ALL, LC_MESSAGES and LANG, then Spanish', () => {
  expect(resolveLang('en', { LANG: 'es_ES.UTF-8' })).toBe('en');
  expect(resolveLang(undefined, { LANG: 'en_US.UTF-8' })).toBe('en');
  expect(resolveLang(undefined, { LC_ALL: 'es_ES.UTF-8', LANG: 'en_US.UTF-8' })).toBe('es');
  expect(resolveLang(undefined, { LANG: 'fr_FR.UTF-8' })).toBe('es');
  expect(resolveLang(undefined, {})).toBe('es');
});

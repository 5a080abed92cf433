import { closest, distance } from '../../src/checks/similar.js';

test('distance counts single-character edits', () => {
  expect(distance('mimysql', 'mymysql')).toBe(1);
  expect(distance('nginx-pod', 'nginx_pod')).toBe(1);
  expect(distance('', 'abc')).toBe(3);
  expect(distance('same', 'same')).toBe(0);
});

test('closest names the likely typos first and leaves unrelated names out', () => {
  expect(closest('mimysql', ['miwp', 'mymysql', 'mysql', 'redis', 'mimysql2'])).toEqual(['mimysql2', 'mymysql', 'mysql']);
  expect(closest('mimysql', ['postgres', 'redis'])).toEqual([]);
});

import { parseImageRef, pinProblem } from '../../src/checks/image-ref.js';

describe('parseImageRef', () => {
  test.each([
    ['mysql', { repository: 'mysql' }],
    ['mysql:5.7', { repository: 'mysql', tag: '5.7' }],
    ['docker.io/library/mysql:5.7', { registry: 'docker.io', repository: 'mysql', tag: '5.7' }],
    ['docker.io/mysql:5.7', { registry: 'docker.io', repository: 'mysql', tag: '5.7' }],
    ['library/mysql:8', { repository: 'mysql', tag: '8' }],
    ['localhost:5000/mysql:5.7', { registry: 'localhost:5000', repository: 'mysql', tag: '5.7' }],
    ['bitnami/mysql:5.7', { repository: 'bitnami/mysql', tag: '5.7' }],
    ['registry.example.com/library/mysql', { registry: 'registry.example.com', repository: 'library/mysql' }],
    ['nginx@sha256:abc', { repository: 'nginx', digest: 'sha256:abc' }],
  ])('%s', (ref, expected) => {
    expect(parseImageRef(ref)).toEqual(expected);
  });
});

describe('pinProblem', () => {
  test.each([
    ['mysql:5.7', undefined],
    ['mysql:latest', 'latest'],
    ['mysql', 'no-tag'],
    ['docker.io/library/mysql', 'no-tag'],
    ['localhost:5000/mysql', 'no-tag'],
    ['nginx@sha256:abc', undefined],
  ])('%s → %s', (ref, problem) => {
    expect(pinProblem(ref)).toBe(problem);
  });
});

import { isRepository, pinProblem } from '../../src/checks/image-ref.js';

describe('isRepository: the official image, as k8s.pod-image reads a Pod\'s image', () => {
  test.each([
    ['nginx', true],
    ['nginx:1.22', true],
    ['docker.io/library/nginx:1.22', true],
    ['docker.io/nginx:1.22', true],
    ['library/nginx:1.22', true],
    ['index.docker.io/library/nginx@sha256:abc', true],
    ['mirror.gcr.io/library/nginx:1.22', true],
    ['localhost:5000/library/nginx:1.22', true],
    ['evil.example/nginx:1.22', false],
    ['localhost:5000/nginx:1.22', false],
    ['bitnami/nginx:1.22', false],
    ['nginxinc/nginx-unprivileged:1.22', false],
  ])('%s → %s', (ref, official) => {
    expect(isRepository(ref, 'nginx')).toBe(official);
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

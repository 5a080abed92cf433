import { isImageId, isOneOf, isRepository, normalizeImageRef, pinProblem, pinProblemOfImage } from '../../src/checks/image-ref.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('normalizeImageRef reads a reference as Docker does (ParseNormalizedNamed)', () => {
  test.each([
    ['mysql', { domain: 'docker.io', path: 'library/mysql' }],
    ['mysql:5.7', { domain: 'docker.io', path: 'library/mysql', tag: '5.7' }],
    ['library/mysql:5.7', { domain: 'docker.io', path: 'library/mysql', tag: '5.7' }],
    ['docker.io/library/mysql:5.7', { domain: 'docker.io', path: 'library/mysql', tag: '5.7' }],
    ['docker.io/mysql:5.7', { domain: 'docker.io', path: 'library/mysql', tag: '5.7' }],
    ['index.docker.io/library/mysql:5.7', { domain: 'docker.io', path: 'library/mysql', tag: '5.7' }],
    ['someuser/mysql:5.7', { domain: 'docker.io', path: 'someuser/mysql', tag: '5.7' }],
    ['mirror.gcr.io/library/mysql:5.7', { domain: 'mirror.gcr.io', path: 'library/mysql', tag: '5.7' }],
    ['registry.example:5000/library/mysql:5.7', { domain: 'registry.example:5000', path: 'library/mysql', tag: '5.7' }],
    ['localhost/mysql', { domain: 'localhost', path: 'mysql' }],
    ['localhost:5000/mysql:5.7', { domain: 'localhost:5000', path: 'mysql', tag: '5.7' }],
    // A first component with capitals cannot be a repository path, so Docker reads it as a host.
    ['MyRegistry/mysql:5.7', { domain: 'myregistry', path: 'mysql', tag: '5.7' }],
    ['evil.example/mysql:5.7', { domain: 'evil.example', path: 'mysql', tag: '5.7' }],
    [`mysql:5.7@${DIGEST}`, { domain: 'docker.io', path: 'library/mysql', tag: '5.7', digest: DIGEST }],
    [`mysql@${DIGEST}`, { domain: 'docker.io', path: 'library/mysql', digest: DIGEST }],
    [`localhost:5000/mysql@${DIGEST}`, { domain: 'localhost:5000', path: 'mysql', digest: DIGEST }],
  ])('%s', (ref, expected) => {
    expect(normalizeImageRef(ref)).toEqual(expected);
  });
});

describe('isRepository: which references are the official mysql image', () => {
  test.each([
    'mysql', 'mysql:5.7', 'library/mysql:5.7', 'docker.io/library/mysql:5.7', 'docker.io/mysql:5.7',
    'index.docker.io/library/mysql:5.7', 'mirror.gcr.io/library/mysql:5.7', 'registry.example:5000/library/mysql:5.7',
    'harbor.example/dockerhub/library/mysql:5.7', `mysql:5.7@${DIGEST}`, `mysql@${DIGEST}`, `docker.io/library/mysql@${DIGEST}`,
  ])('%s is', (ref) => {
    expect(isRepository(ref, 'mysql')).toBe(true);
  });

  test.each([
    'evil.example/mysql:5.7', 'someuser/mysql:5.7', 'docker.io/someuser/mysql:5.7', 'mariadb:10.6', 'mysqlx:5.7',
    'localhost:5000/mysql:5.7', 'registry-1.docker.io/mysql:5.7', 'mysql/mysql-server:5.7', 'library/mariadb:5.7',
  ])('%s is not', (ref) => {
    expect(isRepository(ref, 'mysql')).toBe(false);
  });

  test('a user repository is that user\'s, on Docker Hub or a copy', () => {
    expect(isRepository('bitnami/mysql:8.0', 'bitnami/mysql')).toBe(true);
    expect(isRepository('docker.io/bitnami/mysql:8.0', 'bitnami/mysql')).toBe(true);
    expect(isRepository('mirror.example/bitnami/mysql:8.0', 'bitnami/mysql')).toBe(true);
    expect(isRepository('mysql:8.0', 'bitnami/mysql')).toBe(false);
    expect(isRepository('bitnami/mysql:8.0', 'mysql')).toBe(false);
  });

  test('registries limits where the copy may come from; docker.io covers its old names', () => {
    const hub = ['docker.io'];
    expect(isRepository('mysql:5.7', 'mysql', hub)).toBe(true);
    expect(isRepository('index.docker.io/library/mysql:5.7', 'mysql', hub)).toBe(true);
    expect(isRepository('mirror.gcr.io/library/mysql:5.7', 'mysql', hub)).toBe(false);
    expect(isRepository('mirror.gcr.io/library/mysql:5.7', 'mysql', ['docker.io', 'mirror.gcr.io'])).toBe(true);
    expect(isRepository('Mirror.GCR.io/library/mysql:5.7', 'mysql', ['mirror.gcr.io'])).toBe(true);
    expect(isRepository('mirror.gcr.io/library/mysql:5.7', 'mysql', ['*'])).toBe(true);
  });
});

describe('isImageId: a container created from an image ID', () => {
  const id = `sha256:${'42be05df890a'}${'0'.repeat(52)}`;
  test.each([
    [id, true], [id.slice(7), true], ['42be05df890a', true], ['42be05', true],
    ['mysql:5.7', false], ['42be05df890b', false], ['sha256:42be', true], ['42BE05DF890A', false], ['abc', false],
  ])('%s → %s', (ref, expected) => {
    expect(isImageId(ref, id)).toBe(expected);
  });
});

describe('pinned: by reference, or by the tags and digests of an image run by ID', () => {
  test.each([
    [`mysql:5.7@${DIGEST}`, undefined], [`mysql@${DIGEST}`, undefined], [`mysql:latest@${DIGEST}`, undefined],
    ['docker.io/library/mysql:5.7', undefined], ['index.docker.io/library/mysql', 'no-tag'], ['mirror.gcr.io/library/mysql:latest', 'latest'],
  ])('%s → %s', (ref, problem) => {
    expect(pinProblem(ref)).toBe(problem);
  });

  test.each([
    [['mysql:5.7', 'mysql:latest'], [], undefined],
    [['mysql:latest'], [], 'latest'],
    [[], [`mysql@${DIGEST}`], undefined],
    [['mysql:latest'], [`mysql@${DIGEST}`], undefined],
    [[], [], 'no-tag'],
    [['<none>:<none>'], ['<none>@<none>'], 'no-tag'],
  ])('tags %j, digests %j → %s', (tags, digests, problem) => {
    expect(pinProblemOfImage(tags as string[], digests as string[])).toBe(problem);
  });
});

describe('isOneOf: an image its project publishes under a registry and path of its own', () => {
  const FEDORA = ['registry.fedoraproject.org/fedora', 'quay.io/fedora/fedora'];
  test.each(['registry.fedoraproject.org/fedora:40', 'registry.fedoraproject.org/fedora', 'REGISTRY.fedoraproject.org/fedora:41', 'quay.io/fedora/fedora:40', `quay.io/fedora/fedora@${DIGEST}`])('%s is', (ref) => {
    expect(isOneOf(ref, FEDORA)).toBe(true);
  });
  test.each(['fedora:40', 'registry.fedoraproject.org/fedora-minimal:40', 'quay.io/fedora/fedora-toolbox:40', 'evil.example/fedora:40', 'quay.io/fedora:40', 'registry.fedoraproject.org/x/fedora:40'])('%s is not', (ref) => {
    expect(isOneOf(ref, FEDORA)).toBe(false);
  });
  test('the Hub under any of its names', () => {
    expect(isOneOf('index.docker.io/someuser/fedora:40', ['docker.io/someuser/fedora'])).toBe(true);
  });
});

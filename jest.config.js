// Four projects so that the unit tests run anywhere, while the others run only where
// scripts/test.sh has brought up a real engine or cluster. `engines` is labs 1 and 2 on engines
// the tests start for themselves (Podman, rootless, ssh), each with its own storage and network
// namespace: it needs no lock on the system engine. The Kubernetes project runs beside the Docker
// and engines projects (scripts/test.sh); test/sequencer.cjs puts its Docker-using files last.
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testEnvironment: 'node',
};
export default {
  testTimeout: 300_000,
  testSequencer: '<rootDir>/test/sequencer.cjs',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'docker', testMatch: ['<rootDir>/test/integration/docker/**/*.test.ts', '<rootDir>/test/labs/docker*.test.ts', '<rootDir>/test/e2e/**/*.test.ts', '<rootDir>/test/integration/engines/**/*.test.ts'], testPathIgnorePatterns: ['/test/integration/engines/.*-labs\\.test\\.ts$'] },
    { ...common, displayName: 'engines', testMatch: ['<rootDir>/test/integration/engines/*-labs.test.ts'] },
    { ...common, displayName: 'k8s', testMatch: ['<rootDir>/test/integration/k8s/**/*.test.ts', '<rootDir>/test/labs/k8s*.test.ts'] },
  ],
};

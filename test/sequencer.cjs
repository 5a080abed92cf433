// Jest's own order, except that test files which need the system Docker engine while the Docker
// tests may still be running (scripts/test.sh runs the Kubernetes project beside them) come last,
// so that waiting for the Docker lock holds up nothing else.
const Sequencer = require('@jest/test-sequencer').default;

const LAST = [/\/test\/integration\/k8s\/grader-image\.test\.ts$/, /\/test\/integration\/k8s\/grader-chart\.test\.ts$/];

module.exports = class DockerLastSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const last = (t) => LAST.some((re) => re.test(t.path));
    return [...sorted.filter((t) => !last(t)), ...sorted.filter(last)];
  }
};

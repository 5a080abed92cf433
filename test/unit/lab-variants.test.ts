import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { translator } from '../../src/i18n/index.js';
import { registry } from '../../src/checks/registry.js';
import { loadLabs } from '../../src/spec/loader.js';
import { casesOf, LABS, manifestOf } from '../labs/harness.js';

/**
 * The Kubernetes labs' known mistakes between them make every check fail at least once, so
 * the lab tests (test/labs/k8s-labs.test.ts) show each checker telling wrong from right on
 * the real cluster; `onRealNode` counts because the full test run has the real node.
 */
const all = loadLabs(LABS, translator('en'));
const labs = all.filter((l) => l.target === 'kubernetes');

// A --deep check (it changes state) is proven to fail by its lab's own --deep tests instead
// (lab 9's in test/labs/k8s-statefulset.test.ts), since the wrong variants are graded without --deep.
test.each(labs.map((l) => [l.id, l] as const))('lab %s: every check but --deep ones fails in some wrong variant', (_, lab) => {
  const cases = casesOf(lab.dir);
  const failing = new Set(cases.flatMap((c) => [...(c.expect?.fail ?? []), ...(c.expect?.onRealNode?.fail ?? [])]));
  expect(lab.checks.filter((c) => !registry.get(c.kind)?.deep).map((c) => c.id).filter((id) => !failing.has(id))).toEqual([]);
});

test.each(labs.map((l) => [l.id, l] as const))('lab %s: each case names one manifest (or installs a Helm chart), and every file it applies is Kubernetes YAML', (_, lab) => {
  for (const c of casesOf(lab.dir)) {
    // A Helm case (lab 12) installs a chart folder instead of applying a manifest.
    if (c.apply?.helm) expect([c.name, existsSync(join(c.dir, c.apply.helm.chart, 'Chart.yaml'))]).toEqual([c.name, true]);
    const files = c.apply?.helm && !c.apply.files ? [] : [manifestOf(c), ...(c.apply?.files ?? []).map((f) => join(c.dir, f))];
    for (const f of files) {
      const kinds = parseAllDocuments(readFileSync(f, 'utf8')).map((d) => (d.toJS() as { kind?: string } | null)?.kind);
      expect([f, kinds.every((k) => typeof k === 'string')]).toEqual([f, true]);
    }
  }
});

// The Docker labs too; a --deep check (it changes state) is proven to fail by the --deep tests of
// test/labs/docker-labs.test.ts instead, since the wrong variants are graded without --deep.
test.each(all.filter((l) => l.target === 'docker').map((l) => [l.id, l] as const))('Docker lab %s: every check but --deep ones fails in some wrong variant', (_, lab) => {
  const failing = new Set(casesOf(lab.dir).flatMap((c) => c.expect?.fail ?? []));
  const plain = lab.checks.filter((c) => !registry.get(c.kind)?.deep);
  expect(plain.length).toBeGreaterThan(5);
  expect(plain.map((c) => c.id).filter((id) => !failing.has(id))).toEqual([]);
});

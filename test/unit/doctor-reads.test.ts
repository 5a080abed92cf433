import { readsOf } from '../../src/cli/doctor.js';
import { translator } from '../../src/i18n/index.js';
import { loadLabs } from '../../src/spec/loader.js';
import { LABS } from '../labs/harness.js';

/** `lab doctor` asks the cluster about every read a lab's checks make, and nothing it does not need. */
const labs = loadLabs(LABS, translator('en'));
const readsOfLab = (id: string) =>
  readsOf(labs.find((l) => l.id === id)!).map((r) => `${r.verb} ${r.group ? `${r.group}/` : ''}${r.resource}${r.subresource ? `/${r.subresource}` : ''}${r.namespace ? ` (${r.namespace})` : ''}`);

test('lab 9 lists StatefulSets, Services and claims; its object checks look in default too', () => {
  const reads = readsOfLab('9');
  for (const r of ['list apps/statefulsets (lab9)', 'list apps/statefulsets (default)', 'list services (lab9)', 'list persistentvolumeclaims (lab9)']) expect(reads).toContain(r);
  expect(reads.filter((r) => r.includes('secrets'))).toEqual([]);
  expect(new Set(reads).size).toBe(reads.length);
});

test('lab 10 lists ConfigMaps and asks for the init container log and the page', () => {
  const reads = readsOfLab('10');
  for (const r of ['list configmaps (lab10)', 'list configmaps (default)', 'get pods/log (lab10)', 'get pods/proxy (lab10)']) expect(reads).toContain(r);
});

test('lab 4 reads the nodes cluster-wide, and lab 3 nothing of the new kinds', () => {
  expect(readsOfLab('4')).toContain('list nodes');
  expect(readsOfLab('3').filter((r) => /services|configmaps|statefulsets|endpointslices/.test(r))).toEqual([]);
});

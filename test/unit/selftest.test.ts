import { join } from 'node:path';
import { caseAt, casesOf, setupOf, type Case } from '../../src/selftest/cases.js';
import { claimsOf } from '../../src/selftest/docker-conflicts.js';
import { selftestJunit } from '../../src/selftest/junit.js';
import { mappedNamespace, prepareCase } from '../../src/selftest/k8s-apply.js';
import { expectedOf, mismatchesOf } from '../../src/selftest/verdict.js';
import { loadLabs } from '../../src/spec/loader.js';
import { LABS } from '../labs/harness.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** The pure parts of lab selftest: what a case claims, how a verdict is set against expect.yaml, JUnit. */
const wrong: Case = { lab: '01-mysql', kind: 'wrong', name: 'no-tag', dir: '/x', expect: { fail: ['image-pinned'], hints: { 'image-pinned': 'latest' } } };

test('a wrong variant that fails exactly its checks, with the hint it names, matches; anything else is said in words', () => {
  const e = expectedOf(wrong);
  expect(mismatchesOf(wrong, e, [{ id: 'image-pinned', status: 'fail', hint: 'not latest' }, { id: 'x', status: 'pass' }], 1)).toEqual([]);
  expect(mismatchesOf(wrong, e, [{ id: 'image-pinned', status: 'pass' }, { id: 'x', status: 'fail', hint: 'h' }], 1)).toEqual([
    'fail: expected [image-pinned], got [x]',
    'hint image-pinned lacks "latest": undefined',
  ]);
  expect(mismatchesOf(wrong, e, [{ id: 'image-pinned', status: 'fail' }], 0)).toEqual(['image-pinned: failed without a hint', 'hint image-pinned lacks "latest": undefined', 'exit code: expected 1, got 0']);
});

test('a solution passes everything; --deep checks skipped without --deep do not count; onRealNode replaces fail and skip when offline', () => {
  const solution: Case = { lab: 'x', kind: 'solution', name: 'solution', dir: '/x' };
  expect(mismatchesOf(solution, expectedOf(solution), [{ id: 'a', status: 'pass' }, { id: 'deep', status: 'skip' }], 0, ['deep'])).toEqual([]);
  expect(mismatchesOf(solution, expectedOf(solution), [{ id: 'a', status: 'error', message: 'boom' }], 2)).toEqual(['error a: boom', 'exit code: expected 0, got 2']);
  const tagLatest: Case = { ...wrong, expect: { fail: ['image-pinned'], onRealNode: { fail: ['pod-running', 'image-pinned'], skip: ['serves-http'] } } };
  expect(expectedOf(tagLatest, { offline: true })).toMatchObject({ fail: ['image-pinned', 'pod-running'], skip: ['serves-http'], code: 1 });
  expect(expectedOf(tagLatest)).toMatchObject({ fail: ['image-pinned'], skip: [] });
});

test("the names, volumes, networks and host ports the Docker labs' run.sh files take", () => {
  const lab1 = claimsOf(casesOf(join(LABS, '01-mysql')));
  expect(lab1).toMatchObject({ containers: expect.arrayContaining(['mimysql']), ports: expect.arrayContaining([3306]) });
  // -v name:/path and --mount src=name (a bind's source="$PWD/…" is a path, not a volume).
  expect(lab1.volumes).toEqual(expect.arrayContaining(['mimysql-datos']));
  expect(lab1.volumes.filter((v) => v.includes('PWD'))).toEqual([]);
  const lab7 = claimsOf(casesOf(join(LABS, '07-network')));
  expect(lab7.networks).toContain('mired');
  expect(lab7.volumes).toContain('midb-datos');
  expect(lab7.containers).toEqual(expect.arrayContaining(['midb', 'miweb']));
  // Lab 2 sets up lab 1's solution first (selftest.yaml).
  const before = setupOf(join(LABS, '02-wordpress')).before!;
  expect(before.map((b) => [caseAt(join(LABS, '02-wordpress', b.case)).dir, b.passes])).toEqual([[join(LABS, '01-mysql/solution'), '1']]);
});

test('with a namespace prefix, the applied copies and the graded manifest name prefixed namespaces; default stays default', () => {
  const work = mkdtempSync(join(tmpdir(), 'selftest-unit-'));
  try {
    const [solution] = casesOf(join(LABS, '03-nginx-pod'));
    const p = prepareCase(solution, { work, prefix: 'st-', nodeSelector: { a: 'b' } });
    expect(p.objects).toEqual([{ kind: 'Namespace', namespace: '', name: 'st-lab3' }, { kind: 'Pod', namespace: 'st-lab3', name: 'nginx-pod' }]);
    const applied = readFileSync(p.applies[0][p.applies[0].length - 1], 'utf8');
    expect(applied).toContain('namespace: st-lab3');
    expect(applied).toContain('nodeSelector:');
    expect(readFileSync(p.manifest!, 'utf8')).not.toContain('nodeSelector');
    expect([mappedNamespace('default', 'st-'), mappedNamespace('lab3')]).toEqual(['default', 'lab3']);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('a Helm case (lab 12) is helm install with its values, the node selector as the chart\'s nodeSelector value, and an uninstall', () => {
  const work = mkdtempSync(join(tmpdir(), 'selftest-unit-'));
  try {
    const [solution] = casesOf(join(LABS, '12-helm'));
    const p = prepareCase(solution, { work, prefix: 'st-', nodeSelector: { 'lab-grader/real-node': 'true' } });
    const chart = join(LABS, '12-helm/solution/miweb');
    expect(p.applies).toEqual([]);
    expect(p.manifest).toBeUndefined();
    expect(p.chart).toBe(chart);
    expect(p.objects).toEqual([{ kind: 'Namespace', namespace: '', name: 'st-lab12' }]);
    expect(p.installs).toEqual([[
      'install', 'miweb', chart, '-n', 'st-lab12', '--create-namespace',
      '--set', 'replicaCount=2', '--set-string', 'image.tag=1.22',
      '--set-json', 'nodeSelector={"lab-grader/real-node":"true"}',
    ]]);
    expect(p.uninstalls).toEqual([['uninstall', 'miweb', '-n', 'st-lab12', '--ignore-not-found', '--wait', '--timeout', '120s']]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('JUnit: a mismatch is a failure with what differed, a case not run is skipped, text is escaped', () => {
  const [lab] = loadLabs(LABS).filter((l) => l.id === '1');
  const xml = selftestJunit([{ lab, rows: [
    { variant: 'solution', expected: 'all pass', got: 'all pass', mismatches: [], durationMs: 1200 },
    { variant: 'wrong/x', expected: 'fail a', got: 'fail <b>', mismatches: ['fail: expected [a], got [<b>]'], durationMs: 0 },
    { variant: 'wrong/y', expected: 'fail a', got: '—', mismatches: [], skipped: 'needs a real node', durationMs: 0 },
  ] }]);
  expect(xml).toContain('<testsuites name="lab selftest" tests="3" failures="1" errors="0" skipped="1" time="1.200">');
  expect(xml).toContain('<testcase classname="selftest.1-mysql" name="solution" time="1.200"/>');
  expect(xml).toContain('<failure message="expected fail a; got fail &lt;b&gt;">fail: expected [a], got [&lt;b&gt;]</failure>');
  expect(xml).toContain('<skipped message="needs a real node"/>');
});

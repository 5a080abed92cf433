import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli } from '../../labs/harness.js';
import { kubeconfigWith, kubectl } from './kube.js';

/**
 * `lab doctor` on the test cluster: the identity from SelfSubjectReview, and each lab's reads
 * asked with SelfSubjectAccessReview, for the grader's read-only role and for an identity with
 * too narrow a role (a ServiceAccount bound to nothing). The shipped role is applied under names
 * of this test's own, so that other tests creating and deleting lab-grader are not disturbed.
 */
const work = mkdtempSync(join(tmpdir(), 'lab-doctor-'));
const NS = `lab-doctor-${process.pid}`;
const ROLE = `lab-doctor-read-${process.pid}`;
afterAll(async () => {
  await kubectl('delete', 'namespace', NS, '--wait=false');
  await kubectl('delete', 'clusterrolebinding,clusterrole', ROLE);
  rmSync(work, { recursive: true, force: true });
});

test("the grader's role may read what labs 3 and 4 need; a ServiceAccount bound to nothing may not", async () => {
  const rbac = readFileSync(join(ROOT, 'manifests/grader-rbac.yaml'), 'utf8').replace(/\blab-grader-read\b/g, ROLE).replace(/\blab-grader\b/g, NS);
  writeFileSync(join(work, 'rbac.yaml'), rbac);
  expect(await kubectl('apply', '-f', join(work, 'rbac.yaml'))).toMatchObject({ code: 0 });
  const graderToken = (await kubectl('create', 'token', 'grader', '-n', NS)).stdout.trim();
  const grader = await kubeconfigWith(join(work, 'grader.kubeconfig'), { token: graderToken });
  const ok = await runCli(['doctor', '3', '4', '--lang', 'en', '--kubeconfig', grader]);
  expect(ok.stderr).toBe('');
  expect(ok.stdout.trimEnd().split('\n')).toEqual([
    'Kubernetes',
    expect.stringMatching(/^ {2}✔ Kubeconfig .*grader\.kubeconfig, context grader@test, server https:\/\/127\.0\.0\.1:\d+$/),
    expect.stringMatching(new RegExp(`^ {2}✔ Identity: system:serviceaccount:${NS}:grader \\(groups: .*system:serviceaccounts:${NS}`)),
    '  ✔ Lab 3 (nginx-pod): the 11 reads it needs are allowed',
    '  ✔ Lab 4 (daemonset): the 11 reads it needs are allowed',
    '',
    'Every lab can be graded: 3, 4.',
  ]);
  expect(ok.code).toBe(0);

  expect(await kubectl('create', 'serviceaccount', 'nobody', '-n', NS)).toMatchObject({ code: 0 });
  const token = (await kubectl('create', 'token', 'nobody', '-n', NS)).stdout.trim();
  const narrow = await kubeconfigWith(join(work, 'narrow.kubeconfig'), { token });
  const bad = await runCli(['doctor', '3', '--lang', 'en', '--kubeconfig', narrow]);
  expect(bad.code).toBe(2);
  const out = bad.stdout.trimEnd().split('\n');
  expect(out[2]).toMatch(new RegExp(`Identity: system:serviceaccount:${NS}:nobody`));
  expect(out[3]).toMatch(/^ {2}✘ Lab 3 \(nginx-pod\): not allowed to list pods \(lab3\), list events \(lab3\), .*get pods\/proxy \(lab3\)$/);
  expect(out[4]).toMatch(/^ {6}fix: give this identity read access \(kubectl apply -f manifests\/grader-rbac\.yaml/);
  expect(out.at(-1)).toBe('Labs 3 cannot be graded: fix the problems above.');
});

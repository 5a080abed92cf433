import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../labs/harness.js';
import { kubeconfigWith, kubectl } from './kube.js';

/**
 * The test cluster's audit log as proof that the grader only reads. Reuse it for any command
 * that talks to the cluster (lab check, lab grade):
 *
 *   const kubeconfig = await graderKubeconfig(join(work, 'grader.kubeconfig'));
 *   const { result, events } = await expectReadOnly(() => runCli(['grade', '4', '--kubeconfig', kubeconfig]));
 */
export const GRADER = 'system:serviceaccount:lab-grader:grader';
export const READ_VERBS = ['get', 'list', 'watch'];

export interface AuditEvent {
  verb: string;
  user: { username: string };
  objectRef?: { resource?: string; subresource?: string; namespace?: string; name?: string };
  requestURI: string;
  stage: string;
  requestReceivedTimestamp: string;
}

let logPath: string | undefined;
export function auditLogPath(): string {
  logPath ??= /audit-log: (\S+)/.exec(execFileSync('bash', [join(ROOT, 'scripts/cluster.sh'), 'status'], { encoding: 'utf8' }))![1];
  return logPath;
}

/** Completed requests of a user since an ISO time. */
export function auditEvents(since: string, user = GRADER): AuditEvent[] {
  return readFileSync(auditLogPath(), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditEvent)
    .filter((e) => e.user.username === user && e.stage === 'ResponseComplete' && e.requestReceivedTimestamp >= since);
}

/** manifests/grader-rbac.yaml applied, and a kubeconfig that uses its ServiceAccount's token. */
export async function graderKubeconfig(file: string): Promise<string> {
  const applied = await kubectl('apply', '-f', join(ROOT, 'manifests/grader-rbac.yaml'));
  if (applied.code !== 0) throw new Error(`kubectl apply grader-rbac.yaml: ${applied.stderr}`);
  const token = (await kubectl('create', 'token', 'grader', '-n', 'lab-grader', '--duration', '2h')).stdout.trim();
  return kubeconfigWith(file, { token });
}

export async function removeGraderRbac(): Promise<void> {
  // Two people's test runs sharing one development cluster must not pull the role from under each other.
  if (process.env.LAB_TEST_KEEP_GRADER_RBAC) return;
  await kubectl('delete', '-f', join(ROOT, 'manifests/grader-rbac.yaml'), '--ignore-not-found', '--wait=true');
}

/** Lets the audit backend, which writes asynchronously, catch up. */
const flush = () => new Promise((r) => setTimeout(r, 1500));

/** The grader's requests since `since`, after asserting that every one of them only read. */
export async function expectReadOnlySince(since: string, user = GRADER): Promise<AuditEvent[]> {
  await flush();
  const events = auditEvents(since, user);
  if (events.length === 0) throw new Error(`the audit log has no request from ${user} since ${since}: did the run use the grader's kubeconfig?`);
  const writes = events.filter((e) => !READ_VERBS.includes(e.verb)).map((e) => `${e.verb} ${e.requestURI}`);
  if (writes.length) throw new Error(`${user} did more than read:\n${writes.join('\n')}`);
  return events;
}

/** Runs `run`, then proves from the audit log that the grader only read while it ran. */
export async function expectReadOnly<T>(run: () => Promise<T>, user = GRADER): Promise<{ result: T; events: AuditEvent[] }> {
  const since = new Date(Date.now() - 1000).toISOString();
  const result = await run();
  return { result, events: await expectReadOnlySince(since, user) };
}

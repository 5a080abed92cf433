import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where Kubernetes mounts a Pod's ServiceAccount token, CA and namespace. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export type KubeSource =
  /** Kubeconfig files to merge, in KUBECONFIG order; `source` is what the user named (for messages). */
  | { kind: 'files'; files: string[]; source: string }
  /** In a Pod: its ServiceAccount token, and the API server from KUBERNETES_SERVICE_HOST/PORT. */
  | { kind: 'pod'; source: string }
  /** Nothing usable: `source` is where a kubeconfig was looked for. */
  | { kind: 'none'; source: string };

/**
 * Where the cluster's credentials come from, as kubectl decides it: --kubeconfig, then KUBECONFIG,
 * then ~/.kube/config; when none of those names an existing file (and --kubeconfig was not given)
 * and this runs in a Pod, the Pod's ServiceAccount. A kubeconfig that exists always wins, so a
 * grader run in a Pod with a kubeconfig mounted grades the cluster that kubeconfig names.
 */
export function kubeSource(kubeconfig: string | undefined, env: NodeJS.ProcessEnv, exists: (file: string) => boolean = existsSync): KubeSource {
  const fromEnv = env.KUBECONFIG?.split(':').filter(Boolean);
  const source = kubeconfig ?? (fromEnv?.length ? fromEnv.join(':') : join(env.HOME || homedir(), '.kube', 'config'));
  const files = source.split(':').filter((f) => exists(f));
  if (files.length) return { kind: 'files', files, source };
  if (kubeconfig === undefined && inPod(env, exists)) return { kind: 'pod', source: SERVICE_ACCOUNT_DIR };
  return { kind: 'none', source };
}

/** A Pod with its ServiceAccount token mounted (automountServiceAccountToken not false). */
export const inPod = (env: NodeJS.ProcessEnv, exists: (file: string) => boolean = existsSync): boolean =>
  Boolean(env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) && exists(join(SERVICE_ACCOUNT_DIR, 'token'));

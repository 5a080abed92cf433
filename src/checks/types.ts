import type { Logger } from 'pino';
import type { Lang, Translator } from '../i18n/index.js';
import type { DockerTarget } from '../targets/docker.js';
import type { KubeTarget } from '../targets/kubernetes.js';

/** What one run of a check found. `error` means the target could not be asked, not that the lab is wrong. */
export interface Outcome {
  status: 'pass' | 'fail' | 'error';
  message?: string;
  hint?: string;
  expected?: string;
  actual?: string;
  /** The target is not ready yet (server starting): the runner asks again until the check's timeout. */
  retry?: boolean;
  /**
   * The target is still starting up (connection refused while a server initialises). Asked again
   * like `retry`; if it is still so when the check's time is up, the check is not graded (error),
   * never failed.
   */
  starting?: boolean;
  /**
   * The lab's own hint does not apply to this failure (it is about the lab's settings, and the
   * server did not even answer): only the outcome's hint is shown.
   */
  ownHintOnly?: boolean;
}

export interface RunOptions {
  deep: boolean;
  manifest?: string;
  /** --chart DIR: the student's Helm chart folder (lab 12). */
  chart?: string;
}

export interface CheckContext {
  lang: Lang;
  t: Translator;
  signal: AbortSignal;
  /** 1 on the first try; more when the runner asks again because the target was not ready. */
  attempt: number;
  options: RunOptions;
  /** Namespace of a Kubernetes lab: --namespace, else the lab's default. */
  namespace: string;
  log: Logger;
  docker(): Promise<DockerTarget>;
  kube(): Promise<KubeTarget>;
}

/** A JSON Schema for a kind's params; validated when the lab loads. */
export type ParamsSchema = Record<string, unknown>;

export interface CheckKind<P = any> {
  /** Name used in lab.yaml, e.g. `docker.port-published`. */
  name: string;
  paramsSchema: ParamsSchema;
  /** Changes state, so it runs only with --deep. */
  deep?: boolean;
  /** Compares against the student's --manifest, so it runs only when one is given. */
  needsManifest?: boolean;
  /** Reads the student's Helm chart (--chart DIR), so it runs only when one is given. */
  needsChart?: boolean;
  /** Needs longer than the usual per-check timeout (seconds). */
  minTimeoutSeconds?: number;
  run(ctx: CheckContext, params: P): Promise<Outcome>;
}

export const pass = (message?: string, extra: Partial<Outcome> = {}): Outcome => ({ status: 'pass', message, ...extra });
export const fail = (message: string, extra: Partial<Outcome> = {}): Outcome => ({ status: 'fail', message, ...extra });
export const error = (message: string, extra: Partial<Outcome> = {}): Outcome => ({ status: 'error', message, ...extra });

const SECRET_NAME = /PASS|SECRET|TOKEN|KEY/i;
export const isSecretName = (name: string): boolean => SECRET_NAME.test(name);
// A fixed width, so a report does not even give away a password's length.
export const mask = (value: string | undefined): string => (value === undefined ? '∅' : '********');

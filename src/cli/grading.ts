import type { Argv } from 'yargs';
import { UserError } from '../errors.js';
import type { Translator } from '../i18n/index.js';
import { reporters, type Format } from '../report/index.js';
import { findLab } from '../spec/loader.js';
import type { LabSpec } from '../spec/types.js';
import type { DockerTarget } from '../targets/docker.js';
import type { EndpointOptions } from '../targets/docker-endpoint.js';
import type { KubeConnectOptions, KubeTarget } from '../targets/kubernetes.js';
import type { GlobalArgs } from './context.js';

/** Options shared by `check` and `grade` (--output and signing: see report-output.ts). */
export interface GradingArgs extends GlobalArgs {
  output?: string;
  timeout: number;
  kubeconfig?: string;
  context?: string;
  dockerHost?: string;
  dockerContext?: string;
}

export const gradingOptions = <T>(y: Argv<T>, t: Translator) =>
  y
    .option('timeout', { type: 'number', default: 30, describe: t('help.timeout') })
    .option('kubeconfig', { type: 'string', describe: t('help.kubeconfig') })
    .option('context', { type: 'string', describe: t('help.context') })
    .option('docker-host', { type: 'string', describe: t('help.dockerHost') })
    .option('docker-context', { type: 'string', describe: t('help.dockerContext') })
    .check((a) => {
      // A string is a usage error: one line and exit 2, like any other.
      if (!(a.timeout > 0)) return t('help.timeoutPositive');
      return true;
    });

export const formatOption = <T>(y: Argv<T>, t: Translator) =>
  y.option('format', { alias: 'f', choices: Object.keys(reporters) as Format[], default: 'pretty' as Format, describe: t('help.format') });

export function resolveLabs(t: Translator, all: LabSpec[], wanted: string[]): LabSpec[] {
  return wanted.map((w) => {
    const lab = findLab(all, String(w));
    if (!lab) throw new UserError(t('cli.unknownLab', { lab: String(w), labs: all.map((l) => `${l.id} (${l.slug})`).join(', ') }));
    return lab;
  });
}

/** Targets connect on first use and are shared by every lab of the run; Kubernetes code loads only then. */
export function lazyTargets(t: Translator, kube: KubeConnectOptions, engine: EndpointOptions = {}) {
  let docker: Promise<DockerTarget> | undefined;
  let cluster: Promise<KubeTarget> | undefined;
  return {
    docker: () => (docker ??= import('../targets/docker.js').then((m) => m.DockerTarget.connect(t, engine))),
    kube: () => (cluster ??= import('../targets/kubernetes.js').then((m) => m.KubeTarget.connect(t, kube))),
  };
}

export const useColor = (output: string | undefined) => !output && process.stdout.isTTY === true && !process.env.NO_COLOR;

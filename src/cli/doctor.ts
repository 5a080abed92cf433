import type { CommandModule } from 'yargs';
import { errorReason, UserError } from '../errors.js';
import type { Translator } from '../i18n/index.js';
import { loadLabs } from '../spec/loader.js';
import type { LabSpec } from '../spec/types.js';
import type { DockerTarget } from '../targets/docker.js';
import type { KubeTarget } from '../targets/kubernetes.js';
import { labsRoot, type GlobalArgs } from './context.js';
import { resolveLabs } from './grading.js';

type Args = GlobalArgs & { labs?: string[]; kubeconfig?: string; context?: string; dockerHost?: string; dockerContext?: string };

/** One line of the report: what was found, and how to fix it when it stops a lab from being graded. */
interface Line {
  ok: boolean;
  text: string;
  fix?: string;
}

/** A read the grader makes, as a SelfSubjectAccessReview asks it. */
interface Read {
  verb: 'list' | 'get';
  resource: string;
  group?: string;
  subresource?: string;
  namespace?: string;
}

const readText = (r: Read) =>
  `${r.verb} ${r.group ? `${r.group}/` : ''}${r.resource}${r.subresource ? `/${r.subresource}` : ''}${r.namespace ? ` (${r.namespace})` : ''}`;

/**
 * Reads that a check kind makes besides the LISTs every Kubernetes lab makes (pods, events and the
 * apps workloads, in the lab's namespace and in default). A kind that reads something else says so
 * here, so that `lab doctor` asks for it.
 */
const STATEFULSETS = { verb: 'list', resource: 'statefulsets', group: 'apps' } as const;
const KIND_READS: Record<string, (Omit<Read, 'namespace'> & { clusterWide?: boolean })[]> = {
  'k8s.daemonset-selector': [],
  'k8s.daemonset-on-every-node': [{ verb: 'list', resource: 'nodes', clusterWide: true }],
  'k8s.daemonset-ready': [],
  'k8s.pod-http': [{ verb: 'get', resource: 'pods', subresource: 'proxy' }],
  // lab 8 (deployment)
  'k8s.replicas': [],
  'k8s.spread': [{ verb: 'list', resource: 'nodes', clusterWide: true }],
  'k8s.readiness-probe': [],
  'k8s.service-selects': [{ verb: 'list', resource: 'services' }],
  'k8s.service-endpoints': [
    { verb: 'list', resource: 'services' },
    { verb: 'list', resource: 'endpointslices', group: 'discovery.k8s.io' },
  ],
  'k8s.service-http': [
    { verb: 'list', resource: 'services' },
    { verb: 'list', resource: 'endpointslices', group: 'discovery.k8s.io' },
    { verb: 'get', resource: 'services', subresource: 'proxy' },
    { verb: 'get', resource: 'pods', subresource: 'proxy' },
  ],
  // Lab 10
  'k8s.configmap-key': [{ verb: 'list', resource: 'configmaps' }],
  'k8s.init-uses-configmap': [{ verb: 'list', resource: 'configmaps' }],
  'k8s.init-completed': [{ verb: 'list', resource: 'configmaps' }, { verb: 'get', resource: 'pods', subresource: 'log' }],
  'k8s.serves-configmap-value': [{ verb: 'list', resource: 'configmaps' }, { verb: 'get', resource: 'pods', subresource: 'proxy' }],
  'k8s.headless-service': [STATEFULSETS, { verb: 'list', resource: 'services' }],
  'k8s.statefulset-storage': [STATEFULSETS, { verb: 'list', resource: 'persistentvolumeclaims' }],
  'k8s.statefulset-ready': [STATEFULSETS],
  'k8s.secret-env': [STATEFULSETS, { verb: 'list', resource: 'configmaps' }],
};

/** What a check's `kind` param (k8s.exists, not-in-default…) lists, beyond pods and the apps workloads. */
const OBJECT_LISTS: Record<string, { resource: string; group?: string }> = {
  statefulset: { resource: 'statefulsets', group: 'apps' },
  service: { resource: 'services' },
  configmap: { resource: 'configmaps' },
};

/** What a Kubernetes lab's checks read (README, "What the grader needs on a cluster"). */
export function readsOf(lab: LabSpec): Read[] {
  const kinds = new Set(lab.checks.map((c) => c.kind));
  const namespace = lab.namespace ?? 'default';
  const namespaces = [...new Set([namespace, 'default'])];
  const reads: Read[] = [];
  for (const ns of namespaces) {
    for (const resource of ['pods', 'events']) reads.push({ verb: 'list', resource, namespace: ns });
    for (const resource of ['daemonsets', 'deployments', 'replicasets']) reads.push({ verb: 'list', resource, group: 'apps', namespace: ns });
  }
  // A check about an object of another kind (a Service, a StatefulSet, a ConfigMap) lists that kind,
  // in the lab's namespace and, for the hint about an object left there, in default.
  for (const check of lab.checks) {
    const objectKind = (check.params as { kind?: unknown }).kind;
    const listed = typeof objectKind === 'string' ? OBJECT_LISTS[objectKind] : undefined;
    if (listed) for (const ns of namespaces) reads.push({ verb: 'list', ...listed, namespace: ns });
  }
  const unique = new Map(reads.map((r) => [readText(r), r]));
  reads.length = 0;
  reads.push(...unique.values());
  const seen = new Set(unique.keys());
  for (const kind of kinds) {
    for (const { clusterWide, ...read } of KIND_READS[kind] ?? []) {
      const r: Read = clusterWide ? read : { ...read, namespace };
      if (seen.has(readText(r))) continue;
      seen.add(readText(r));
      reads.push(r);
    }
  }
  return reads;
}

export const doctorCommand = (t: Translator): CommandModule<GlobalArgs, Args> => ({
  command: 'doctor [labs..]',
  describe: t('help.doctor'),
  builder: (y) =>
    y
      .positional('labs', { type: 'string', array: true, describe: t('help.doctorLabs') })
      .option('docker-host', { type: 'string', describe: t('help.dockerHost') })
      .option('docker-context', { type: 'string', describe: t('help.dockerContext') })
      .option('kubeconfig', { type: 'string', describe: t('help.kubeconfig') })
      .option('context', { type: 'string', describe: t('help.context') }),
  async handler(args) {
    const all = loadLabs(labsRoot(), t);
    const labs = args.labs?.length ? resolveLabs(t, all, args.labs) : all;
    const out: string[] = [];
    const show = (title: string, lines: Line[]) => {
      out.push(title);
      for (const l of lines) {
        out.push(`  ${l.ok ? '✔' : '✘'} ${l.text}`);
        if (l.fix) out.push(`      ${t('doctor.fix', { fix: l.fix })}`);
      }
    };
    const blocked: string[] = [];

    if (labs.some((l) => l.target === 'docker')) {
      const { lines, ok } = await dockerSection(t, args);
      show(t('doctor.docker'), lines);
      if (!ok) blocked.push(...labs.filter((l) => l.target === 'docker').map((l) => l.id));
    }
    const kubeLabs = labs.filter((l) => l.target === 'kubernetes');
    if (kubeLabs.length) {
      const { lines, unreadable } = await kubeSection(t, args, kubeLabs);
      show(t('doctor.kubernetes'), lines);
      blocked.push(...unreadable);
    }
    out.push('');
    out.push(blocked.length ? t('doctor.blocked', { labs: blocked.join(', ') }) : t('doctor.allGood', { labs: labs.map((l) => l.id).join(', ') }));
    process.stdout.write(`${out.join('\n')}\n`);
    process.exitCode = blocked.length ? 2 : 0;
  },
});

async function dockerSection(t: Translator, args: Args): Promise<{ lines: Line[]; ok: boolean }> {
  const { resolveOrExplain, describeEndpoint } = await import('../targets/docker-client.js');
  const opts = { host: args.dockerHost, context: args.dockerContext };
  let target: DockerTarget;
  try {
    const endpoint = resolveOrExplain(t, opts, process.env);
    const chosen: Line = { ok: true, text: t('doctor.engine', { endpoint: describeEndpoint(t, endpoint), source: t(`docker.source.${endpoint.source}`, { file: endpoint.file ?? '' }) }) };
    try {
      target = await (await import('../targets/docker.js')).DockerTarget.connect(t, opts);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      return { ok: false, lines: [chosen, { ok: false, text: t('doctor.noEngine'), fix: err.message }] };
    }
    const lines = [chosen];
    const [version, podman, rootless] = await Promise.all([target.docker.version(), target.isPodman(), target.rootless()]);
    lines.push({ ok: true, text: t('doctor.version', { product: podman ? 'Podman' : 'Docker Engine', version: version.Version, api: version.ApiVersion, mode: t(rootless ? 'doctor.rootless' : 'doctor.rootful') }) });
    if (target.portsOutOfReach === 'rootless') {
      lines.push({ ok: false, text: t('doctor.dialRootless'), fix: t('port.outOfReachRootlessHint') });
      return { ok: false, lines };
    }
    lines.push({ ok: true, text: t(target.loopbackReachable ? 'doctor.dial' : 'doctor.dialNoLoopback', { host: target.engineHost }) });
    return { ok: true, lines };
  } catch (err) {
    if (err instanceof UserError) return { ok: false, lines: [{ ok: false, text: t('doctor.noEngine'), fix: err.message }] };
    return { ok: false, lines: [{ ok: false, text: t('doctor.noEngine'), fix: errorReason(err) }] };
  }
}

async function kubeSection(t: Translator, args: Args, labs: LabSpec[]): Promise<{ lines: Line[]; unreadable: string[] }> {
  const everyLab = labs.map((l) => l.id);
  let target: KubeTarget;
  try {
    target = await (await import('../targets/kubernetes.js')).KubeTarget.connect(t, { kubeconfig: args.kubeconfig, context: args.context });
  } catch (err) {
    const fix = err instanceof UserError ? err.message : errorReason(err);
    return { unreadable: everyLab, lines: [{ ok: false, text: t('doctor.noCluster'), fix }] };
  }
  const { kubernetesClient } = await import('../lazy-modules.js');
  const k8s = await kubernetesClient();
  const server = target.config.getCurrentCluster()?.server ?? '';
  const lines: Line[] = [{ ok: true, text: t('doctor.kubeconfig', { path: target.source, context: target.context, server }) }];
  try {
    const review = await target.config.makeApiClient(k8s.AuthenticationV1Api).createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    const user = review.status?.userInfo;
    lines.push({ ok: true, text: t('doctor.identity', { user: user?.username ?? '?', groups: (user?.groups ?? []).join(', ') || '∅' }) });
  } catch (err) {
    // Older API servers (< 1.28) lack SelfSubjectReview; the access reviews below still say what may be read.
    lines.push({ ok: true, text: t('doctor.identityUnknown', { reason: errorReason(err) }) });
  }
  const authz = target.config.makeApiClient(k8s.AuthorizationV1Api);
  const allowed = new Map<string, Promise<boolean | string>>();
  const may = (r: Read) => {
    const key = readText(r);
    if (!allowed.has(key)) {
      allowed.set(key, authz.createSelfSubjectAccessReview({
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: r.verb, resource: r.resource, group: r.group ?? '', subresource: r.subresource, namespace: r.namespace } } },
      }).then((a) => a.status?.allowed === true, (err: unknown) => errorReason(err)));
    }
    return allowed.get(key)!;
  };
  const unreadable: string[] = [];
  for (const lab of labs) {
    const reads = readsOf(lab);
    const answers = await Promise.all(reads.map(may));
    const failedAsk = answers.find((a) => typeof a === 'string');
    const denied = reads.filter((_, i) => answers[i] === false).map(readText);
    if (failedAsk !== undefined) {
      unreadable.push(lab.id);
      lines.push({ ok: false, text: t('doctor.labUnknown', { id: lab.id, slug: lab.slug, reason: String(failedAsk) }), fix: t('doctor.rbacFix') });
    } else if (denied.length) {
      unreadable.push(lab.id);
      lines.push({ ok: false, text: t('doctor.labDenied', { id: lab.id, slug: lab.slug, reads: denied.join(', ') }), fix: t('doctor.rbacFix') });
    } else {
      lines.push({ ok: true, text: t('doctor.labReadable', { id: lab.id, slug: lab.slug, count: reads.length }) });
    }
  }
  return { lines, unreadable };
}

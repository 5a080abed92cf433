import type { CommandModule } from 'yargs';
import { errorReason, UserError } from '../errors.js';
import type { Translator } from '../i18n/index.js';
import { loadLabs } from '../spec/loader.js';
import type { LabSpec } from '../spec/types.js';
import type { DockerTarget } from '../targets/docker.js';
import type { KubeTarget } from '../targets/kubernetes.js';
import { labsRoot, type GlobalArgs } from './context.js';
import { resolveLabs } from './grading.js';
import { readsOf, readText, type Read } from '../checks/k8s/reads.js';

type Args = GlobalArgs & { labs?: string[]; kubeconfig?: string; context?: string; dockerHost?: string; dockerContext?: string };

/** One line of the report: what was found, and how to fix it when it stops a lab from being graded. */
interface Line {
  ok: boolean;
  text: string;
  fix?: string;
}

export { readsOf };

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

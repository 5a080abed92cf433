import type * as k8s from '@kubernetes/client-node';
import { errorReason, UserError } from '../errors.js';
import type { Translator } from '../i18n/index.js';
import { kubernetesClient } from '../lazy-modules.js';

/** `NAMESPACE/NAME` of the ConfigMap that `lab grade --configmap` keeps the latest gradebook in. */
export interface ConfigMapRef { namespace: string; name: string }

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function parseConfigMapRef(ref: string): ConfigMapRef | undefined {
  const [namespace, name, ...rest] = ref.split('/');
  if (rest.length || !name || !DNS_LABEL.test(namespace) || !DNS_SUBDOMAIN.test(name)) return undefined;
  return { namespace, name };
}

/** The ConfigMap's data: what `kubectl get configmap NAME -o jsonpath='{.data.gradebook\.csv}'` prints. */
export const gradebookData = (csv: string, json: string, generatedAt: string): Record<string, string> =>
  ({ 'gradebook.csv': csv, 'gradebook.json': json, 'generated-at': generatedAt });

/**
 * Keeps a class's latest gradebook in a ConfigMap, for an instructor who has kubectl and nothing
 * else (the grader run by a CronJob in the cluster). The only write the grader ever makes, and only
 * when asked: an existing ConfigMap (the chart's, whose Role allows get and update on that one name)
 * has its data replaced and keeps its labels; a missing one is created.
 */
export async function storeGradebook(config: k8s.KubeConfig, ref: ConfigMapRef, data: Record<string, string>, t: Translator): Promise<void> {
  const client = await kubernetesClient();
  const core = config.makeApiClient(client.CoreV1Api);
  const { namespace, name } = ref;
  try {
    let existing: k8s.V1ConfigMap | undefined;
    try {
      existing = await core.readNamespacedConfigMap({ name, namespace });
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
    }
    if (existing) await core.replaceNamespacedConfigMap({ name, namespace, body: { ...existing, data, binaryData: undefined } });
    else await core.createNamespacedConfigMap({ namespace, body: { metadata: { name, namespace }, data } });
  } catch (err) {
    throw new UserError(t('grade.configMapUnwritable', { ref: `${namespace}/${name}`, reason: apiReason(err) }), err);
  }
}

/** The API server's own words ("configmaps \"x\" is forbidden: ..."), not the client's multi-line dump. */
function apiReason(err: unknown): string {
  const { code, body } = err as { code?: number; body?: unknown };
  if (code === undefined) return errorReason(err);
  try {
    const status = (typeof body === 'string' ? JSON.parse(body) : body) as { message?: string } | undefined;
    if (status?.message) return `${code} ${status.message}`;
  } catch { /* not JSON */ }
  return `HTTP ${code}`;
}

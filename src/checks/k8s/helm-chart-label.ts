import { fail, pass, type CheckKind } from '../types.js';
import { releaseObjects, releaseObjectsSchema, type ReleaseObjects } from './helm-release.js';

export const CHART_LABEL = 'helm.sh/chart';

/** NAME-VERSION as charts write it: {{ .Chart.Name }}-{{ .Chart.Version | replace "+" "_" }}. */
const CHART_AND_VERSION = /^([a-z0-9][a-z0-9-]*)-(v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:_[0-9A-Za-z.-]+)?)$/;

/** The chart's name and version, from a helm.sh/chart label; undefined when it is not NAME-VERSION. */
export function chartOfLabel(label: string | undefined): { name: string; version: string } | undefined {
  const m = label ? CHART_AND_VERSION.exec(label) : null;
  return m ? { name: m[1], version: m[2] } : undefined;
}

/** Every object says which chart and version made it (label helm.sh/chart), the same on all of them. */
export const helmChartLabel: CheckKind<ReleaseObjects & { chart?: string }> = {
  name: 'k8s.helm-chart-label',
  paramsSchema: {
    type: 'object',
    required: ['objects'],
    additionalProperties: false,
    properties: { objects: releaseObjectsSchema, chart: { type: 'string', minLength: 1, description: 'The chart name the label must carry (any, when left out)' } },
  },
  async run(ctx, p) {
    const found = await releaseObjects(ctx, p.objects);
    if (!Array.isArray(found)) return found;
    const expected = `${CHART_LABEL}: ${p.chart ?? '<chart>'}-<version>`;
    const labels = found.map(({ ref, obj }) => ({ ref, label: obj.metadata?.labels?.[CHART_LABEL] as string | undefined }));
    const actual = labels.map(({ ref, label }) => `${ref.kind} ${ref.name}: ${CHART_LABEL}=${label ?? '∅'}`).join('\n');
    const hint = ctx.t('helm.chartLabelHint');
    const bad = labels.find(({ label }) => !chartOfLabel(label) || (p.chart && chartOfLabel(label)!.name !== p.chart));
    if (bad) return fail(ctx.t(bad.label ? 'helm.chartLabelBad' : 'helm.chartLabelMissing', { kind: bad.ref.kind, name: bad.ref.name, label: bad.label ?? '' }), { expected, actual, hint });
    if (new Set(labels.map((l) => l.label)).size > 1) return fail(ctx.t('helm.chartLabelsDiffer'), { expected, actual, hint });
    const chart = chartOfLabel(labels[0].label)!;
    return pass(ctx.t('helm.chartLabelOk', { chart: chart.name, version: chart.version }), { expected, actual });
  },
};

import { join } from 'node:path';
import { grade, LABS } from './harness.js';
import { describeK8sLab } from './k8s-cases.js';

/**
 * Lab 12 (my web as a Helm chart, release miweb): every case on the test cluster (see
 * k8s-cases.ts). A case's apply.yaml says `helm:`, so it is installed with the helm CLI, pinned to
 * the real node through the chart's nodeSelector value, and graded with --chart on its chart.
 */

describeK8sLab('12-helm', '12', { namespaces: ['lab12'], realNode: 'pin', timeout: 20 }, ({ gradeAsGrader, work }) => {
  test('--chart is optional: without it the chart checks are skipped and say why; a folder that is not a chart, or no helm, is an error, never a trace', async () => {
    const chartIds = ['chart-lint', 'chart-defaults-pinned', 'chart-renders-live'];
    const without = await gradeAsGrader(['--timeout', '5']);
    const skipped = without.checks.filter((c) => chartIds.includes(c.id));
    expect(skipped.map((c) => [c.id, c.status, c.message])).toEqual(chartIds.map((id) => [id, 'skip', 'Skipped: runs only with --chart DIR (your Helm chart folder).']));

    const notAChart = await gradeAsGrader(['--timeout', '5', '--chart', work]);
    const lint = notAChart.checks.find((c) => c.id === 'chart-lint')!;
    expect(lint).toMatchObject({ status: 'error', message: `${work} is not a Helm chart folder: it has no Chart.yaml.`, hint: expect.stringContaining('Chart.yaml') });
    expect(notAChart.run.stderr).not.toMatch(/\n\s+at /);

    // The grader's own Node, without the folder that holds helm.
    const noHelm = await grade('12', ['--timeout', '5', '--chart', join(LABS, '12-helm/solution/miweb')], { PATH: '/usr/bin:/bin' });
    expect(noHelm.checks.find((c) => c.id === 'chart-lint')).toMatchObject({ status: 'error', message: expect.stringContaining('helm command is not installed'), hint: expect.stringContaining('helm.sh') });
    expect(noHelm.run.stderr).not.toMatch(/\n\s+at /);
  });
});

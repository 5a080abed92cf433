import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parseDocument } from 'yaml';
import { gradingJob, LOCAL_STEPS, loadWorkflow, stepOf, WORKFLOW } from '../e2e/workflow-harness.js';
import { ROOT } from '../labs/harness.js';

/**
 * examples/github-actions/grade.yml cannot run here (no GitHub, no kind images), so it is linted:
 * a YAML parse, GitHub's own workflow parser and schema (@actions/workflow-parser), actionlint
 * (with shellcheck on the run: scripts when installed), and what the example promises.
 */
const text = readFileSync(WORKFLOW, 'utf8');
const work = mkdtempSync(join(tmpdir(), 'lab-workflow-lint-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy with a misspelled key and an unclosed expression, that every linter must reject. */
const broken = text.replace('runs-on:', 'run-on:').replace('${{ !cancelled() }}', '${{ !cancelled() }');

async function githubErrors(content: string) {
  const parsed = parseWorkflow({ name: 'grade.yml', content }, new NoOperationTraceWriter());
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return { errors: parsed.context.errors.getErrors().map((e) => e.message), template };
}

function actionlint(file: string) {
  const bin = execFileSync('bash', [join(ROOT, 'scripts/actionlint.sh')], { encoding: 'utf8', timeout: 300_000 }).trim();
  return spawnSync(bin, ['-oneline', '-no-color', file], { encoding: 'utf8' });
}

test('it is one YAML document without duplicate keys or warnings', () => {
  const doc = parseDocument(text);
  expect([doc.errors, doc.warnings]).toEqual([[], []]);
  expect(parseDocument(broken).errors).toEqual([]); // the broken copy is still YAML: only the linters below catch it
});

test("GitHub's workflow parser finds no error, and the local steps are where the tests look for them", async () => {
  const { errors, template } = await githubErrors(text);
  expect(errors).toEqual([]);
  expect(template.jobs).toHaveLength(1);
  const stepIds = (template.jobs[0] as { steps: { id: string }[] }).steps.map((s) => s.id);
  expect(stepIds).toEqual(expect.arrayContaining([...LOCAL_STEPS]));

  const caught = await githubErrors(broken);
  expect(caught.errors).toEqual(expect.arrayContaining([expect.stringContaining("Unexpected value 'run-on'"), expect.stringContaining('The expression is not closed')]));
});

test('actionlint (and shellcheck through it) finds nothing', () => {
  const clean = actionlint(WORKFLOW);
  expect([clean.status, clean.stdout, clean.stderr]).toEqual([0, '', '']);

  writeFileSync(join(work, 'broken.yml'), broken);
  const caught = actionlint(join(work, 'broken.yml'));
  expect(caught.status).toBe(1);
  expect(caught.stdout).toMatch(/"runs-on" section is missing/);
});

test('every action is pinned to a commit, with the version it is in a comment', () => {
  const uses = [...text.matchAll(/^\s*(?:- )?uses: (\S+)(.*)$/gm)];
  expect(uses.length).toBeGreaterThanOrEqual(4);
  for (const [, ref, comment] of uses) {
    expect(ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    expect(comment).toMatch(/^ # v\d+\.\d+\.\d+$/);
  }
});

test('what the example promises: kind with the classroom config, Node 24, bash steps fed by the job env, reports that always run', () => {
  const wf = loadWorkflow();
  const job = gradingJob(wf);
  expect(wf.permissions).toEqual({ contents: 'read' });
  const action = (name: string) => job.steps.find((s) => s.uses?.startsWith(`${name}@`))!;
  // The classroom config ships in the package the install step puts under that folder.
  expect(action('helm/kind-action').with!.config).toBe('${{ steps.install.outputs.dir }}/manifests/kind-classroom.yaml');
  expect(existsSync(join(ROOT, 'manifests/kind-classroom.yaml'))).toBe(true);
  expect(action('actions/setup-node').with!['node-version']).toBe(24);
  expect(action('actions/upload-artifact').with!.path).toBe('report.xml');
  // The job installs the tarball `npm pack` makes of this very package.
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  expect(job.env!.LAB_GRADER).toBe(`./tools/${pkg.name}-${pkg.version}.tgz`);
  expect(pkg.files).toContain('manifests');

  for (const id of LOCAL_STEPS) {
    const { run } = stepOf(id, job);
    // Plain shell: nothing GitHub expands, and every variable comes from the job's env.
    expect(run).not.toContain('${{');
    const read = [...run.matchAll(/\$\{?([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]);
    for (const name of read) expect(Object.keys(job.env!)).toContain(name);
  }
  expect(stepOf('grade-github', job).run).toMatch(/lab grade "\$\{labs\[@\]\}" --format github /);
  expect(stepOf('grade-junit', job).run).toMatch(/lab grade "\$\{labs\[@\]\}" --format junit --output report\.xml /);
  // Grading and the upload run after a student's broken apply or script too.
  const after = job.steps.slice(job.steps.findIndex((s) => s.id === 'docker-solution'));
  for (const step of after) expect(step.if).toBe('${{ !cancelled() }}');
});

import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { yaml } from '../lazy-modules.js';
import { defaultsOf, renderText, type ParamSpec, type ParamValues } from '../spec/params.js';

/** What a wrong variant must produce (its expect.yaml). */
export interface Expect {
  fail: string[];
  skip?: string[];
  /** check id → a piece of text its hint must contain */
  hints?: Record<string, string>;
  /** check id → a piece of text its `actual` (what was found) must contain */
  actuals?: Record<string, string>;
  /** Needs a node that really runs containers (kwok nodes run and pull nothing). */
  requires?: 'real-node';
  /** The apply itself is refused by the API server. */
  applyFails?: boolean;
  /** What changes when the case runs on a node that cannot pull images (the test cluster's real node). */
  onRealNode?: { fail: string[]; skip?: string[] };
}

/**
 * How a Kubernetes case was applied and graded, when not simply `kubectl apply -f <its manifest>`
 * then `lab check --manifest <its manifest>` (apply.yaml in the case's folder).
 */
export interface Apply {
  /** kubectl apply -n NAMESPACE: the file leaves metadata.namespace out. */
  namespace?: string;
  /** The files kubectl applies, in order (default: the case's manifest). */
  files?: string[];
  /** The file graded with --manifest (default: the only YAML besides expect.yaml and apply.yaml). */
  manifest?: string;
  /** A Helm chart installed instead of (or after) the kubectl applies (lab 12). */
  helm?: HelmInstall;
  /** The chart folder graded with --chart (default: helm.chart). */
  chart?: string;
}

/** `helm install RELEASE CHART -n NAMESPACE --create-namespace` with the statement's values. */
export interface HelmInstall {
  /** The chart's folder, relative to the case's. */
  chart: string;
  release: string;
  namespace: string;
  /** --set KEY=VALUE (numbers, booleans) and --set-string KEY=VALUE (text), in order. */
  set?: Record<string, string | number | boolean>;
  /** -f FILE, relative to the case's folder. */
  values?: string[];
  /** helm upgrade --install instead of helm install. */
  upgrade?: boolean;
}

export interface Case {
  lab: string;
  kind: 'solution' | 'wrong' | 'alternative';
  name: string;
  dir: string;
  expect?: Expect;
  apply?: Apply;
}

/** A lab's selftest.yaml: what must be in place before its cases (lab 2's WordPress needs lab 1's database). */
export interface LabSetup {
  before?: {
    /** A case folder, relative to the lab's folder (../01-mysql/solution). */
    case: string;
    /** The lab whose checks must all pass before going on (it waits for servers to start). */
    passes?: string;
  }[];
}

const CASE_FILES = new Set(['expect.yaml', 'apply.yaml']);
const readYaml = <T>(file: string): T => yaml().parse(readFileSync(file, 'utf8')) as T;

/** The case's Kubernetes manifest: the one given to --manifest. */
export function manifestOf(c: Case): string {
  if (c.apply?.manifest) return join(c.dir, c.apply.manifest);
  if (c.apply?.helm && !c.apply.files) throw new Error(`${c.dir}: a Helm case has no manifest`);
  const yamls = readdirSync(c.dir).filter((f) => f.endsWith('.yaml') && !CASE_FILES.has(f));
  if (yamls.length !== 1) throw new Error(`${c.dir}: ${yamls.length} manifests; name the graded one in apply.yaml (manifest:)`);
  return join(c.dir, yamls[0]);
}

/** The kubectl apply commands' arguments for a case, in order. */
export function applyArgsOf(c: Case): string[][] {
  if (c.apply?.helm && !c.apply.files) return [];
  const files = c.apply?.files?.map((f) => join(c.dir, f)) ?? [manifestOf(c)];
  return files.map((f) => ['apply', ...(c.apply?.namespace ? ['-n', c.apply.namespace] : []), '-f', f]);
}

/** The chart folder a case is graded with (--chart), if any. */
export function chartOf(c: Case): string | undefined {
  const dir = c.apply?.chart ?? c.apply?.helm?.chart;
  return dir ? join(c.dir, dir) : undefined;
}

/** A case folder of its own (a lab's `before`), as a solution of the lab it belongs to (applied with its lab's defaults: withDefaults). */
export function caseAt(dir: string): Case {
  const full = resolve(dir);
  const apply = existsSync(join(full, 'apply.yaml')) ? { apply: readYaml<Apply>(join(full, 'apply.yaml')) } : {};
  return { lab: basename(resolve(full, '..')), kind: 'solution', name: basename(full), dir: full, ...apply };
}

/** A case rendered with the defaults of the lab folder it sits in (a rendered copy, or a case of no lab, stays as it is). */
export function withDefaults(c: Case): Case {
  const labDir = [resolve(c.dir, '..'), resolve(c.dir, '..', '..')].find((d) => existsSync(join(d, 'lab.yaml')));
  return labDir ? renderedCase(c, defaultValuesOf(labDir)) : c;
}

/** The defaults of a lab folder's parameters (lab.yaml `parameters:`), read without validating the spec. */
export function defaultValuesOf(labDir: string): ParamValues {
  const spec = readYaml<{ parameters?: Record<string, ParamSpec> } | null>(join(labDir, 'lab.yaml'));
  return defaultsOf(spec?.parameters ?? {});
}

/**
 * A case whose files say `${name}` (a parameterised lab's solution), as a student with these values
 * would have written it: a rendered copy under the temporary folder, named after its content, so
 * every run with the same values shares it. A case without placeholders is returned as it is.
 */
export function renderedCase(c: Case, values: ParamValues): Case {
  if (!Object.keys(values).length) return c;
  const files = (readdirSync(c.dir, { recursive: true }) as string[]).filter((f) => statSync(join(c.dir, f)).isFile());
  const texts = files.map((f) => [f, readFileSync(join(c.dir, f), 'utf8')] as const);
  const rendered = texts.map(([f, text]) => [f, renderText(text, values)] as const);
  if (rendered.every(([, text], i) => text === texts[i][1])) return c;
  const hash = createHash('sha256').update(JSON.stringify([c.dir, rendered])).digest('hex').slice(0, 16);
  const out = join(tmpdir(), 'lab-grader-cases', `${c.lab}-${c.kind}-${c.name}-${hash}`);
  if (!existsSync(out)) {
    mkdirSync(dirname(out), { recursive: true });
    const work = mkdtempSync(`${out}.tmp-`);
    for (const [f, text] of rendered) {
      mkdirSync(dirname(join(work, f)), { recursive: true });
      writeFileSync(join(work, f), text);
      chmodSync(join(work, f), statSync(join(c.dir, f)).mode & 0o777);
    }
    try {
      renameSync(work, out);
    } catch {
      rmSync(work, { recursive: true, force: true }); // another run rendered the same copy first
    }
  }
  return { ...c, dir: out };
}

/**
 * The reference solution, every valid alternative and every known-wrong variant of a lab folder;
 * a case with `${name}` placeholders is rendered with these values (the lab's defaults unless given).
 */
export function casesOf(labDir: string, values: ParamValues = defaultValuesOf(labDir)): Case[] {
  return rawCasesOf(labDir).map((c) => renderedCase(c, values));
}

function rawCasesOf(labDir: string): Case[] {
  const lab = labDir.split('/').pop()!;
  const sub = (folder: string) =>
    existsSync(join(labDir, folder)) ? readdirSync(join(labDir, folder)).sort().map((name) => join(labDir, folder, name)) : [];
  const apply = (dir: string) => (existsSync(join(dir, 'apply.yaml')) ? { apply: readYaml<Apply>(join(dir, 'apply.yaml')) } : {});
  return [
    { lab, kind: 'solution', name: 'solution', dir: join(labDir, 'solution'), ...apply(join(labDir, 'solution')) },
    ...sub('alternatives').map((dir) => ({ lab, kind: 'alternative' as const, name: dir.split('/').pop()!, dir, ...apply(dir) })),
    ...sub('wrong').map((dir) => ({
      lab,
      kind: 'wrong' as const,
      name: dir.split('/').pop()!,
      dir,
      expect: readYaml<Expect>(join(dir, 'expect.yaml')),
      ...apply(dir),
    })),
  ];
}

/**
 * A parameterised lab's solution as a given student writes it: its `student/` folder (the
 * solution with `${name}` where the statement gives a value), rendered with their values. The
 * lab's `solution/` keeps the course's values, for everything that applies it as it is.
 */
export function studentSolutionOf(labDir: string, values: ParamValues): Case {
  const dir = existsSync(join(labDir, 'student')) ? join(labDir, 'student') : join(labDir, 'solution');
  const apply = existsSync(join(dir, 'apply.yaml')) ? { apply: readYaml<Apply>(join(dir, 'apply.yaml')) } : {};
  return renderedCase({ lab: basename(labDir), kind: 'solution', name: 'student', dir, ...apply }, values);
}

/** The lab's selftest.yaml, or nothing to set up. */
export function setupOf(labDir: string): LabSetup {
  const file = join(labDir, 'selftest.yaml');
  return existsSync(file) ? (readYaml<LabSetup>(file) ?? {}) : {};
}

/** A case's name as the table shows it: solution, alternatives/x, wrong/x. */
export const caseLabel = (c: Case) => (c.kind === 'solution' ? 'solution' : `${c.kind === 'wrong' ? 'wrong' : 'alternatives'}/${c.name}`);

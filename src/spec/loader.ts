import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join, relative } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Document, LineCounter, Node } from 'yaml';
import { registry } from '../checks/registry.js';
import { closest } from '../checks/similar.js';
import { UserError } from '../errors.js';
import { LANGS, translator, type Translator } from '../i18n/index.js';
import { builtLabSpecs, yaml } from '../lazy-modules.js';
import { labValidator } from './validator.js';
import { defaultsOf, placeholdersIn, substitute, type ParamSpec } from './params.js';
import type { CheckSpec, LabSpec } from './types.js';

/** One problem in a lab spec, pointing at the file, the line and the field. */
export interface SpecProblem {
  file: string;
  line: number;
  path: string;
  message: string;
}

export class SpecError extends UserError {
  constructor(readonly problems: SpecProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'SpecError';
  }
}

export const formatProblem = (p: SpecProblem): string => `${p.file}:${p.line}: ${p.path || '(root)'}: ${p.message}`;

let validator: ValidateFunction | undefined;
function validate(data: unknown) {
  validator ??= labValidator();
  validator(data);
  // if/then wrappers only repeat what the nested errors already say.
  return (validator.errors ?? []).filter((e) => e.keyword !== 'if');
}

const english = translator('en');

export const BUILT_LAB_SPECS = 'lab-specs.json';
/** A lab.yaml's identity for write-lab-specs.ts: its folder's name and its text. */
export const specKey = (dir: string, text: string) => createHash('sha256').update(`${basename(dir)}\0${text}`).digest('hex');

let built: Record<string, Omit<LabSpec, 'dir'>> | null | undefined;
/** The spec the build made of this very text in a folder of this name (write-lab-specs.ts), if it did. */
function prebuilt(dir: string, text: string): LabSpec | undefined {
  if (built === undefined) {
    try {
      built = builtLabSpecs() as Record<string, Omit<LabSpec, 'dir'>>;
    } catch {
      built = null; // not built (tests from source)
    }
  }
  const spec = built?.[specKey(dir, text)];
  // The one thing loadLab checks beyond lab.yaml's text.
  if (!spec || !LANGS.every((lang) => existsSync(join(dir, `task.${lang}.md`)))) return undefined;
  return { ...structuredClone(spec), dir };
}

export function loadLab(dir: string, shownAs = dir, t: Translator = english): LabSpec {
  const file = join(dir, 'lab.yaml');
  const shownFile = join(shownAs, 'lab.yaml');
  if (!existsSync(file)) throw new SpecError([{ file: shownFile, line: 0, path: '', message: t('spec.notFound') }]);
  const text = readFileSync(file, 'utf8');
  const known = prebuilt(dir, text);
  if (known) return known;
  const { isAlias, LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const problem = (line: number, message: string, path = ''): SpecProblem => ({ file: shownFile, line, path, message });
  if (doc.errors.length) {
    throw new SpecError(doc.errors.map((e) => problem(lines.linePos(e.pos[0]).line, t('spec.yaml', { reason: e.message.split('\n')[0] }))));
  }
  // A tag the YAML core schema does not know (!!js/function, !foo) is never resolved, let alone run.
  const tags = doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tags.length) {
    throw new SpecError(tags.map((w) => {
      const tag = /tag: (\S+)/.exec(w.message)?.[1] ?? '?';
      const at = findNode(doc, lines, (n) => n.tag === tag);
      return problem(lines.linePos(w.pos[0]).line, t('spec.tag', { tag: tag.replace('tag:yaml.org,2002:', '!!') }), at?.path);
    }));
  }
  let data: Record<string, unknown>;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch (err) {
    // An alias bomb, or an alias with no anchor before it: toJS refuses to expand it.
    const unresolved = /Unresolved alias.*?: (\S+)$/.exec((err as Error).message)?.[1];
    const alias = findNode(doc, lines, (n) => isAlias(n) && (!unresolved || n.source === unresolved));
    const name = alias && isAlias(alias.node) ? alias.node.source : '?';
    throw new SpecError([problem(alias?.line ?? 1, t(unresolved ? 'spec.aliasUnresolved' : 'spec.aliasBomb', { alias: name }), alias?.path)]);
  }
  // Placeholders: each must name a parameter; the spec is validated with the defaults in place.
  const parsed: Record<string, unknown> = isPlainObject(data) ? data : {};
  const parameters = isPlainObject(parsed.parameters) ? (parsed.parameters as Record<string, ParamSpec>) : undefined;
  const placeholderProblems = placeholderProblemsOf(parsed, parameters, doc, lines, shownFile, dir, t);
  const template = parameters && Array.isArray(parsed.checks) ? (structuredClone(data.checks) as CheckSpec[]) : undefined;
  if (template) data = { ...data, checks: substitute(data.checks, defaultsOf(parameters)) };
  const problems: SpecProblem[] = validate(data).map((e) => ({
    file: shownFile,
    line: lineOf(doc, lines, e),
    path: dotted(pathOf(e)),
    message: messageOf(e, t),
  }));
  problems.push(...placeholderProblems);
  if (problems.length === 0) problems.push(...semanticProblems(data, doc, lines, shownFile, dir, t));
  if (problems.length) throw new SpecError(problems.sort((a, b) => a.line - b.line));

  const lab = data as unknown as LabSpec;
  const normal = (checks: CheckSpec[]) => checks.map((c) => ({ ...c, points: c.points ?? 1, dependsOn: c.dependsOn ?? [] }));
  return {
    ...lab,
    id: String(lab.id),
    dir,
    checks: normal(lab.checks),
    ...(template ? { template: normal(template) } : {}),
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A `${name}` that names no parameter, in lab.yaml's checks or in a task file; and a range upside down. */
function placeholderProblemsOf(data: Record<string, unknown>, parameters: Record<string, ParamSpec> | undefined, doc: Document, lines: LineCounter, file: string, dir: string, t: Translator): SpecProblem[] {
  const known = new Set(Object.keys(parameters ?? {}));
  const problems: SpecProblem[] = [];
  for (const { path, name } of placeholdersIn(data.checks, ['checks'])) {
    if (!known.has(name)) problems.push({ file, line: lineAt(doc, lines, path), path: dotted(path), message: t('spec.unknownParam', { placeholder: `${'$'}{${name}}`, known: [...known].join(', ') || '-' }) });
  }
  for (const [name, p] of Object.entries(parameters ?? {})) {
    if (isPlainObject(p) && typeof p.min === 'number' && typeof p.max === 'number' && p.min > p.max) {
      problems.push({ file, line: lineAt(doc, lines, ['parameters', name, 'max']), path: `parameters.${name}.max`, message: t('spec.minimum', { limit: p.min, value: p.max }) });
    }
  }
  for (const lang of LANGS) {
    const task = join(dir, `task.${lang}.md`);
    if (!existsSync(task)) continue;
    readFileSync(task, 'utf8').split('\n').forEach((text, i) => {
      for (const m of text.matchAll(/\$\{([a-z][a-z0-9_]*)\}/g)) {
        if (!known.has(m[1])) problems.push({ file: join(dirname(file), `task.${lang}.md`), line: i + 1, path: '', message: t('spec.unknownParam', { placeholder: m[0], known: [...known].join(', ') || '-' }) });
      }
    });
  }
  return problems;
}

/** The first node that matches, with its dotted path and line. */
function findNode(doc: Document, lines: LineCounter, match: (n: Node) => boolean): { node: Node; path: string; line: number } | undefined {
  const { isNode, isPair, isSeq, visit } = yaml();
  let found: { node: Node; path: string; line: number } | undefined;
  visit(doc, (_, node, ancestors) => {
    if (!isNode(node) || !match(node)) return undefined;
    const path: (string | number)[] = [];
    const chain = [...ancestors, node];
    chain.forEach((a, i) => {
      if (isPair(a)) path.push(String((a.key as { value?: unknown })?.value ?? a.key));
      else if (isSeq(a)) path.push(a.items.indexOf(chain[i + 1] as Node));
    });
    // A tag or alias on a key names that key; on a value, the path up to it.
    found = { node, path: dotted(path), line: node.range ? lines.linePos(node.range[0]).line : 1 };
    return visit.BREAK;
  });
  return found;
}

function semanticProblems(data: Record<string, unknown>, doc: Document, lines: LineCounter, file: string, dir: string, t: Translator): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const at = (path: (string | number)[], message: string) =>
    problems.push({ file, line: lineAt(doc, lines, path), path: dotted(path), message });
  const checks = data.checks as CheckSpec[];
  const first = new Map<string, number>();
  checks.forEach((c, i) => first.has(c.id) || first.set(c.id, i));
  const deps = new Map(checks.map((c) => [c.id, c.dependsOn ?? []]));
  const cycles = new Set<string>();
  checks.forEach((check, i) => {
    if (first.get(check.id) !== i) {
      at(['checks', i, 'id'], t('spec.duplicateId', { id: check.id, line: lineAt(doc, lines, ['checks', first.get(check.id)!, 'id']) }));
    }
    (check.dependsOn ?? []).forEach((dep, j) => {
      const where = first.get(dep);
      if (where === undefined) {
        const near = closest(dep, [...first.keys()]);
        return at(['checks', i, 'dependsOn', j], t(near.length ? 'spec.noSuchDepNear' : 'spec.noSuchDep', { dep, near: near.join(', ') }));
      }
      if (where < i) return;
      // The runner needs each dependency to come first; a later one is either a cycle or out of order.
      const cycle = pathBetween(dep, check.id, deps);
      if (!cycle) return at(['checks', i, 'dependsOn', j], t('spec.laterDep', { dep }));
      const key = [...new Set(cycle)].sort().join(' ');
      if (cycles.has(key)) return;
      cycles.add(key);
      at(['checks', i, 'dependsOn', j], t('spec.cycle', { cycle: [check.id, ...cycle].join(' → ') }));
    });
  });
  checks.forEach((check, i) => {
    const wants = check.kind.startsWith('k8s.') ? 'kubernetes' : 'docker';
    if (wants !== data.target) at(['checks', i, 'kind'], t('spec.kindTarget', { kind: check.kind, wants, target: String(data.target) }));
  });
  const expectedDir = `${String(data.id).padStart(2, '0')}-${data.slug}`;
  if (basename(dir) !== expectedDir) at(['slug'], t('spec.folder', { folder: expectedDir }));
  for (const lang of ['es', 'en']) {
    if (!existsSync(join(dir, `task.${lang}.md`))) at([], t('spec.taskMissing', { file: `task.${lang}.md` }));
  }
  if (data.target === 'kubernetes' && !data.namespace) at([], t('spec.needsNamespace'));
  return problems;
}

/** The checks on a dependsOn path from `from` to `to` (both ends included), if there is one. */
function pathBetween(from: string, to: string, deps: Map<string, string[]>, seen = new Set<string>()): string[] | undefined {
  if (from === to) return [to];
  if (seen.has(from)) return undefined;
  seen.add(from);
  for (const next of deps.get(from) ?? []) {
    const rest = pathBetween(next, to, deps, seen);
    if (rest) return [from, ...rest];
  }
  return undefined;
}

function pathOf(e: ErrorObject): (string | number)[] {
  const path: (string | number)[] = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (e.keyword === 'additionalProperties') path.push((e.params as { additionalProperty: string }).additionalProperty);
  return path;
}

const KEBAB = /^\^\[a-z0-9\]\+\(-\[a-z0-9\]\+\)\*\$$/;

/** ajv's structural messages, in the user's language; any other keyword keeps ajv's English. */
function messageOf(e: ErrorObject, t: Translator): string {
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'additionalProperties':
      return t('spec.unknownField');
    case 'required':
      return t('spec.required', { field: p.missingProperty });
    case 'type':
      return t('spec.type', { type: String(p.type), value: short(e.data) });
    case 'enum': {
      if (/^\/checks\/\d+\/kind$/.test(e.instancePath)) {
        const near = closest(String(e.data), [...registry.keys()]);
        return near.length
          ? t('spec.unknownKindNear', { kind: String(e.data), near: near.join(', ') })
          : t('spec.unknownKind', { kind: String(e.data), kinds: [...registry.keys()].join(', ') });
      }
      return t('spec.enum', { value: short(e.data), values: (p.allowedValues as unknown[]).join(', ') });
    }
    case 'pattern':
      return KEBAB.test(p.pattern) ? t('spec.kebab', { value: String(e.data) }) : t('spec.pattern', { pattern: p.pattern });
    case 'minimum':
    case 'maximum':
      return t(e.keyword === 'minimum' ? 'spec.minimum' : 'spec.maximum', { limit: p.limit, value: short(e.data) });
    case 'minLength':
    case 'minItems':
      return t('spec.empty');
    case 'uniqueItems':
      return t('spec.unique', { i: p.j, j: p.i });
    default:
      return e.message ?? e.keyword;
  }
}

/** A value as it appears in a message: JSON, cut short. */
function short(value: unknown): string {
  const json = JSON.stringify(value) ?? 'null';
  return json.length > 40 ? `${json.slice(0, 39)}…` : json;
}

const dotted = (path: (string | number)[]) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

function lineOf(doc: Document, lines: LineCounter, e: ErrorObject): number {
  return lineAt(doc, lines, pathOf(e));
}

/** Line of the deepest node on the path that exists (the key's line for a field). */
function lineAt(doc: Document, lines: LineCounter, path: (string | number)[]): number {
  const { isMap, isSeq } = yaml();
  for (let n = path.length; n > 0; n--) {
    const parent = n > 1 ? doc.getIn(path.slice(0, n - 1), true) : doc.contents;
    const key = path[n - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => (p.key as { value?: unknown })?.value === key);
      const range = (pair?.key as { range?: number[] } | undefined)?.range;
      if (range) return lines.linePos(range[0]).line;
    } else if (isSeq(parent) && typeof key === 'number') {
      const range = (parent.items[key] as { range?: number[] } | undefined)?.range;
      if (range) return lines.linePos(range[0]).line;
    }
  }
  return 1;
}

/** The lab folders under root (NN-slug/lab.yaml), in id order. */
export function labDirs(root: string, t: Translator = english): string[] {
  if (!existsSync(root)) throw new UserError(t('spec.noFolder', { folder: root }));
  if (!statSync(root).isDirectory()) throw new UserError(t('spec.notAFolder', { path: root }));
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'lab.yaml')))
    .map((d) => join(root, d.name))
    .sort();
}

export function loadLabs(root: string, t: Translator = english): LabSpec[] {
  const labs: LabSpec[] = [];
  const problems: SpecProblem[] = [];
  for (const dir of labDirs(root, t)) {
    try {
      labs.push(loadLab(dir, relative(process.cwd(), dir) || dir, t));
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      problems.push(...err.problems);
    }
  }
  problems.push(...duplicateLabProblems(labs, t));
  if (problems.length) throw new SpecError(problems);
  return labs;
}

/** Two lab folders with the same id or slug: `lab check 3` would not know which one to grade. */
export function duplicateLabProblems(labs: LabSpec[], t: Translator = english): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const shown = (lab: LabSpec) => join(relative(process.cwd(), lab.dir) || lab.dir, 'lab.yaml');
  for (const field of ['id', 'slug'] as const) {
    const seen = new Map<string, LabSpec>();
    for (const lab of labs) {
      const value = field === 'id' ? String(Number(lab.id)) : lab.slug;
      const other = seen.get(value);
      if (!other) {
        seen.set(value, lab);
        continue;
      }
      const text = readFileSync(join(lab.dir, 'lab.yaml'), 'utf8').split('\n');
      const line = text.findIndex((l) => l.startsWith(`${field}:`)) + 1 || 1;
      problems.push({ file: shown(lab), line, path: field, message: t('spec.duplicateLab', { field, value: lab[field], other: shown(other) }) });
    }
  }
  return problems;
}

/** A lab by id (`1`, `01`) or slug (`mysql`). */
export function findLab(labs: LabSpec[], wanted: string): LabSpec | undefined {
  const w = wanted.toLowerCase();
  return labs.find((l) => l.slug === w || (/^\d+$/.test(w) && Number(l.id) === Number(w)));
}

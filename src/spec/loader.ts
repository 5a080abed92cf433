import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { UserError } from '../errors.js';
import { labSchema } from './schema.js';
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
  }
}

export const formatProblem = (p: SpecProblem): string => `${p.file}:${p.line}: ${p.path || '(root)'}: ${p.message}`;

let validator: ReturnType<Ajv['compile']> | undefined;
function validate(data: unknown) {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(labSchema());
  validator(data);
  // if/then wrappers only repeat what the nested errors already say.
  return (validator.errors ?? []).filter((e) => e.keyword !== 'if');
}

export function loadLab(dir: string, shownAs = dir): LabSpec {
  const file = join(dir, 'lab.yaml');
  const shownFile = join(shownAs, 'lab.yaml');
  if (!existsSync(file)) throw new SpecError([{ file: shownFile, line: 0, path: '', message: 'lab.yaml not found' }]);
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    throw new SpecError(doc.errors.map((e) => ({ file: shownFile, line: lines.linePos(e.pos[0]).line, path: '', message: e.message.split('\n')[0] })));
  }
  const data = doc.toJS() as Record<string, unknown>;
  const problems: SpecProblem[] = validate(data).map((e) => ({
    file: shownFile,
    line: lineOf(doc, lines, e),
    path: dotted(pathOf(e)),
    message: messageOf(e),
  }));
  if (problems.length === 0) problems.push(...semanticProblems(data, doc, lines, shownFile, dir));
  if (problems.length) throw new SpecError(problems);

  const lab = data as unknown as LabSpec;
  return {
    ...lab,
    id: String(lab.id),
    dir,
    checks: (lab.checks as CheckSpec[]).map((c) => ({ ...c, points: c.points ?? 1, dependsOn: c.dependsOn ?? [] })),
  };
}

function semanticProblems(data: Record<string, unknown>, doc: Document, lines: LineCounter, file: string, dir: string): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const at = (path: (string | number)[], message: string) =>
    problems.push({ file, line: lineAt(doc, lines, path), path: dotted(path), message });
  const seen = new Set<string>();
  const checks = data.checks as CheckSpec[];
  checks.forEach((check, i) => {
    if (seen.has(check.id)) at(['checks', i, 'id'], `duplicate check id "${check.id}"`);
    (check.dependsOn ?? []).forEach((dep, j) => {
      if (!seen.has(dep)) at(['checks', i, 'dependsOn', j], `"${dep}" is not an earlier check of this lab`);
    });
    seen.add(check.id);
  });
  const expectedDir = `${String(data.id).padStart(2, '0')}-${data.slug}`;
  if (basename(dir) !== expectedDir) at(['slug'], `the lab folder should be named ${expectedDir}`);
  for (const lang of ['es', 'en']) {
    if (!existsSync(join(dir, `task.${lang}.md`))) at([], `task.${lang}.md is missing next to lab.yaml`);
  }
  if (data.target === 'kubernetes' && !data.namespace) at([], 'a kubernetes lab needs a default namespace');
  return problems;
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

function messageOf(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return 'unknown field';
  if (e.keyword === 'enum') return `${e.message}: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return e.message ?? e.keyword;
}

const dotted = (path: (string | number)[]) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

function lineOf(doc: Document, lines: LineCounter, e: ErrorObject): number {
  return lineAt(doc, lines, pathOf(e));
}

/** Line of the deepest node on the path that exists (the key's line for a field). */
function lineAt(doc: Document, lines: LineCounter, path: (string | number)[]): number {
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
export function labDirs(root: string): string[] {
  if (!existsSync(root)) throw new UserError(`${root}: no such folder`);
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'lab.yaml')))
    .map((d) => join(root, d.name))
    .sort();
}

export function loadLabs(root: string): LabSpec[] {
  return labDirs(root).map((dir) => loadLab(dir, relative(process.cwd(), dir) || dir));
}

/** A lab by id (`1`, `01`) or slug (`mysql`). */
export function findLab(labs: LabSpec[], wanted: string): LabSpec | undefined {
  const w = wanted.toLowerCase();
  return labs.find((l) => l.slug === w || (/^\d+$/.test(w) && Number(l.id) === Number(w)));
}

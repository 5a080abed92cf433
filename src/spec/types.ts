import type { Localized } from '../i18n/index.js';
import type { ParamSpec, ParamValues } from './params.js';

/** A check as written in lab.yaml. */
export interface CheckSpec {
  /** Stable kebab-case id: instructors' gradebooks key on it. */
  id: string;
  /** A check kind from the registry, e.g. `docker.port-published`. */
  kind: string;
  title: Localized;
  /** What the check is worth. */
  points: number;
  /** Parameters of the kind, validated against the kind's own schema. */
  params: Record<string, unknown>;
  /** How to fix it, shown when the check fails. */
  hint?: Localized;
  /** Checks that must pass first; otherwise this one is skipped. */
  dependsOn: string[];
}

export interface LabSpec {
  /** Short id a student types: `lab check 1`. */
  id: string;
  /** Name a student may type instead: `lab check mysql`. */
  slug: string;
  title: Localized;
  target: 'docker' | 'kubernetes';
  /** Default namespace of a Kubernetes lab. */
  namespace?: string;
  checks: CheckSpec[];
  /** Folder holding lab.yaml, task.es.md and task.en.md. */
  dir: string;
  /** Per-student parameters (src/spec/params.ts); `checks` carry their defaults. */
  parameters?: Record<string, ParamSpec>;
  /** The checks as written, with their `${name}` placeholders (only when the lab has parameters). */
  template?: CheckSpec[];
  /** Whose values `checks` carry (src/spec/student.ts), when a course secret gave them. */
  student?: { id: string; values: ParamValues };
}

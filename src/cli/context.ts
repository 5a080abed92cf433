import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { pino as pinoModule } from '../lazy-modules.js';
import { resolveLang, translator, type Lang, type Translator } from '../i18n/index.js';

/** The package's folder; the single executable (build/sea-entry.ts) sets it to where it unpacked its labs. */
const packageRoot = (globalThis as { labGraderRoot?: string }).labGraderRoot ?? resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the bundled labs live; LAB_GRADER_LABS points elsewhere (an instructor's own labs). */
export const labsRoot = (): string => process.env.LAB_GRADER_LABS ?? resolve(packageRoot, 'labs');

/** Cluster-level YAML shipped with the package (kind config, RBAC templates). */
export const manifestsRoot = (): string => resolve(packageRoot, 'manifests');

export const toolVersion = (): string =>
  (JSON.parse(readFileSync(resolve(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

export interface GlobalArgs {
  lang?: string;
  verbose?: boolean;
}

export interface Session {
  lang: Lang;
  t: Translator;
  log: Logger;
}

/** Logs go to stderr so that stdout carries only the report. */
export function session(args: GlobalArgs): Session {
  const lang = resolveLang(args.lang);
  const { pino } = pinoModule();
  const log = pino({ level: args.verbose ? 'debug' : 'warn', base: undefined }, pino.destination({ dest: 2, sync: true }));
  return { lang, t: translator(lang), log };
}

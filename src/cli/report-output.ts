import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { UserError, errorReason } from '../errors.js';
import type { Translator } from '../i18n/index.js';
import { canSign, detachedSignature, embedSignature, KeyError, parseKey, type SigningKey } from '../report/sign.js';

/** --output, --sign-key and --signature, shared by the commands that write a report (check, grade). */
export interface OutputArgs {
  output?: string;
  signKey?: string;
  signature: 'embedded' | 'detached';
}

export const outputOptions = <T>(y: Argv<T>, t: Translator) =>
  y
    .option('output', { alias: 'o', type: 'string', describe: t('help.output') })
    .option('sign-key', { type: 'string', describe: t('help.signKey') })
    .option('signature', { choices: ['embedded', 'detached'] as const, default: 'embedded' as const, describe: t('help.signature') });

export function readKeyFile(file: string, t: Translator): SigningKey {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new UserError(t('sign.unreadable', { file, reason: errorReason(err) }), err);
  }
  try {
    return parseKey(bytes);
  } catch (err) {
    if (err instanceof KeyError && err.problem === 'short') throw new UserError(t('sign.shortSecret', { file }), err);
    const reason = err instanceof KeyError && err.problem === 'unsupported' ? t('sign.unsupported', { type: err.message }) : t('sign.notPem');
    throw new UserError(t('sign.badKey', { file, reason }), err);
  }
}

export type Emit = (report: string) => void;

/**
 * Checks the options before anything runs, so a bad key costs no grading run; then returns what
 * writes the report: to --output or stdout, signed when --sign-key is given. `json` tells whether
 * the format is JSON: only a JSON report can carry its signature inside.
 */
export function reportWriter(args: OutputArgs, format: string, json: boolean, t: Translator): Emit {
  const key = args.signKey === undefined ? undefined : readKeyFile(args.signKey, t);
  if (key && !canSign(key)) throw new UserError(t('sign.publicKey', { file: args.signKey! }));
  if (key && args.signature === 'detached' && !args.output) throw new UserError(t('sign.needsOutput'));
  if (key && args.signature === 'embedded' && !json) throw new UserError(t('sign.needsJson', { format }));
  return (report) => {
    const text = key && args.signature === 'embedded' ? embedSignature(report, key) : report;
    if (args.output) writeOut(args.output, text, t);
    else process.stdout.write(text);
    if (key && args.signature === 'detached') writeOut(`${args.output}.sig`, detachedSignature(report, key, json ? 'json' : 'bytes'), t);
  };
}

function writeOut(file: string, text: string, t: Translator, append = false) {
  try {
    (append ? appendFileSync : writeFileSync)(file, text);
  } catch (err) {
    throw new UserError(t('report.unwritable', { file, reason: errorReason(err) }), err);
  }
}

/** GitHub Actions shows what a step appends to the file named by GITHUB_STEP_SUMMARY as the job summary. */
export function appendStepSummary(markdown: string, t: Translator, env: NodeJS.ProcessEnv = process.env): void {
  if (env.GITHUB_STEP_SUMMARY) writeOut(env.GITHUB_STEP_SUMMARY, markdown, t, true);
}

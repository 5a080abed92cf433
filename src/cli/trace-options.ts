import { existsSync, readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { UserError } from '../errors.js';
import type { Translator } from '../i18n/index.js';
import { readToken, type ExamWindow } from '../report/exam.js';
import { Tracer } from '../report/trace.js';
import type { RunResult } from '../runner/result.js';
import type { OutputArgs } from './report-output.js';

/** --nonce and --exam-token of `lab check` and `lab grade` (README "Traceable grades"). */
export interface TraceArgs {
  nonce?: string;
  examToken?: string;
}

export const traceOptions = <T>(y: Argv<T>, t: Translator) =>
  y
    .option('nonce', { type: 'string', describe: t('help.nonce') })
    .option('exam-token', { type: 'string', describe: t('help.examToken') });

/** The token itself, or a file that holds it. */
export function readExamToken(value: string, t: Translator): { token: string; window: ExamWindow } {
  let token = value.trim();
  if (!readToken(token) && existsSync(value)) token = readFileSync(value, 'utf8').trim();
  const read = readToken(token);
  if (!read) throw new UserError(t('exam.badToken', { token: value.length > 40 ? `${value.slice(0, 40)}…` : value }));
  return { token, window: read.window };
}

/**
 * A signed JSON report carries its trace: a Tracer that records what the checks read, or undefined
 * when the report is not signed JSON. --nonce and --exam-token only make sense in a signed report.
 */
export function startTrace(args: TraceArgs & OutputArgs, json: boolean, t: Translator) {
  const asked = args.nonce !== undefined || args.examToken !== undefined;
  if (asked && (!args.signKey || !json)) throw new UserError(t('trace.needsSignedJson'));
  if (!args.signKey || !json) return undefined;
  const exam = args.examToken !== undefined ? readExamToken(args.examToken, t) : undefined;
  const tracer = new Tracer();
  return {
    wrap: tracer.wrap.bind(tracer),
    /** Puts the trace into the result, once every lab is over. */
    async finish(result: RunResult): Promise<void> {
      result.trace = await tracer.trace({ nonce: args.nonce ?? exam?.window.nonce, exam });
    },
  };
}

import { existsSync, readFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { UserError, errorReason } from '../errors.js';
import type { Translator } from '../i18n/index.js';
import { verifyReport } from '../report/sign.js';
import type { GlobalArgs } from './context.js';
import { readKeyFile } from './report-output.js';

type Args = GlobalArgs & { report: string; key: string; signature?: string };

const read = (file: string, t: Translator): Buffer => {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new UserError(t('sign.unreadable', { file, reason: errorReason(err) }), err);
  }
};

/** One line: exit 0 when the signature holds, 1 when the report was changed or is unsigned, 2 for usage errors. */
export const verifyReportCommand = (t: Translator): CommandModule<GlobalArgs, Args> => ({
  command: 'verify-report <report>',
  describe: t('help.verifyReport'),
  builder: (y) =>
    y
      .positional('report', { type: 'string', demandOption: true, describe: t('help.report') })
      .option('key', { type: 'string', demandOption: true, describe: t('help.key') })
      .option('signature', { type: 'string', describe: t('help.signatureFile') }),
  handler(args) {
    const report = read(args.report, t);
    const key = readKeyFile(args.key, t);
    const sigFile = args.signature ?? `${args.report}.sig`;
    // The signature inside the report wins unless one is named; REPORT.sig is only the fallback.
    const embedded = !args.signature && hasEmbedded(report);
    const detached = args.signature || (!embedded && existsSync(sigFile)) ? read(sigFile, t).toString('utf8') : undefined;
    const verdict = verifyReport(report, key, detached);
    const file = args.report;
    if (verdict.valid) {
      process.stdout.write(`${t('verify.valid', { file, alg: verdict.alg, keyId: verdict.keyId })}\n`);
      return;
    }
    const line = {
      unsigned: () => t('verify.unsigned', { file, sig: sigFile }),
      malformed: () => t('verify.malformed', { file }),
      changed: () => t('verify.changed', { file }),
      'other-key': () => t('verify.otherKey', { file, alg: verdict.alg ?? '?', keyId: verdict.keyId ?? '?' }),
    }[verdict.reason]();
    process.stdout.write(`${line}\n`);
    process.exitCode = 1;
  },
});

function hasEmbedded(report: Buffer): boolean {
  try {
    const parsed = JSON.parse(report.toString('utf8')) as { signature?: unknown } | null;
    return !!parsed && typeof parsed === 'object' && parsed.signature !== undefined;
  } catch {
    return false;
  }
}

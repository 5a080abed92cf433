import { writeFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { UserError, errorReason } from '../errors.js';
import type { Translator } from '../i18n/index.js';
import { examWindow, makeToken, parseDuration } from '../report/exam.js';
import { canSign } from '../report/sign.js';
import type { GlobalArgs } from './context.js';
import { readKeyFile } from './report-output.js';

type StartArgs = GlobalArgs & { duration: string; key: string; nonce?: string; start?: string; output?: string };

/** `lab exam start`: a signed start token for an exam window, printed (or written to --output). */
export const examCommand = (t: Translator): CommandModule<GlobalArgs, GlobalArgs> => ({
  command: 'exam',
  describe: t('help.exam'),
  builder: (y) =>
    y
      .command<StartArgs>({
        command: 'start',
        describe: t('help.examStart'),
        builder: (s) =>
          s
            .option('duration', { type: 'string', demandOption: true, describe: t('help.examDuration') })
            .option('key', { type: 'string', demandOption: true, describe: t('help.examKey') })
            .option('nonce', { type: 'string', describe: t('help.examNonce') })
            .option('start', { type: 'string', describe: t('help.examStartTime') })
            .option('output', { alias: 'o', type: 'string', describe: t('help.examOutput') }) as never,
        handler(args) {
          const seconds = parseDuration(args.duration);
          if (seconds === undefined) throw new UserError(t('exam.badDuration', { duration: args.duration }));
          const start = args.start === undefined ? new Date() : new Date(args.start);
          if (Number.isNaN(start.getTime())) throw new UserError(t('exam.badTime', { time: String(args.start) }));
          const key = readKeyFile(args.key, t);
          if (!canSign(key)) throw new UserError(t('sign.publicKey', { file: args.key }));
          const window = examWindow(start, seconds, args.nonce);
          const token = makeToken(window, key);
          if (args.output) {
            try {
              writeFileSync(args.output, `${token}\n`);
            } catch (err) {
              throw new UserError(t('report.unwritable', { file: args.output, reason: errorReason(err) }), err);
            }
          } else {
            process.stdout.write(`${token}\n`);
          }
          process.stderr.write(`${t('exam.started', { start: window.start, end: window.end })}\n`);
        },
      })
      .demandCommand(1, t('help.demand')),
  handler: () => undefined,
});

import type { CheckContext } from './types.js';

/**
 * Ctrl-C while a --deep check has the student's container stopped or renamed away would leave it
 * so: hold SIGINT and SIGTERM until it is back, then exit as asked.
 */
export function holdSignals(ctx: CheckContext) {
  let received: NodeJS.Signals | undefined;
  const hold = (signal: NodeJS.Signals) => {
    received = signal;
    process.stderr.write(`lab: ${ctx.t('deep.restoring')}\n`);
  };
  process.on('SIGINT', hold);
  process.on('SIGTERM', hold);
  return {
    release() {
      process.off('SIGINT', hold);
      process.off('SIGTERM', hold);
      if (received) process.exit(received === 'SIGINT' ? 130 : 143);
    },
  };
}

import type { CommandModule } from 'yargs';
import type { Translator } from '../i18n/index.js';
import type { GlobalArgs } from './context.js';

export interface ServeArgs extends GlobalArgs {
  labs?: string[];
  namespaces?: string[];
  roster?: string;
  port: number;
  host: string;
  tokenFile?: string;
  timeout: number;
  kubeconfig?: string;
  context?: string;
}

/**
 * `lab serve`: the class board, live. One LIST then one WATCH per kind for the whole class
 * (src/live/kube-feed.ts); a change grades again the students it concerns from what the
 * WATCH keeps, so the API server sees no more requests for 50 students than for one.
 */
export const serveCommand = (t: Translator): CommandModule<GlobalArgs, ServeArgs> => ({
  command: 'serve [labs..]',
  describe: t('help.serve'),
  builder: (y) =>
    y
      .positional('labs', { type: 'string', array: true, describe: t('help.serveLabs') })
      .option('namespaces', { type: 'string', array: true, describe: t('help.namespaces') })
      .option('roster', { type: 'string', describe: t('help.roster') })
      .option('port', { type: 'number', default: 8080, describe: t('help.servePort') })
      .option('host', { type: 'string', default: '127.0.0.1', describe: t('help.serveHost') })
      .option('token-file', { type: 'string', describe: t('help.serveToken') })
      .option('timeout', { type: 'number', default: 30, describe: t('help.timeout') })
      .option('kubeconfig', { type: 'string', describe: t('help.kubeconfig') })
      .option('context', { type: 'string', describe: t('help.context') })
      .conflicts('namespaces', 'roster')
      .check((a) => {
        if (!a.namespaces?.length && !a.roster) return t('serve.needsClass');
        if (!Number.isInteger(a.port) || a.port < 0 || a.port > 65535) return t('serve.badPort', { port: String(a.port) });
        if (!(a.timeout > 0)) return t('help.timeoutPositive');
        return true;
      }),
  async handler(args) {
    // The server, the board and the change feed load only when a board is served: lab --help stays fast.
    const { runServe } = await import('../serve/run-serve.js');
    await runServe(args);
  },
});

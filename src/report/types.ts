import type { Lang } from '../i18n/index.js';
import type { RunResult } from '../runner/result.js';

export interface ReportOptions {
  lang: Lang;
  color: boolean;
}

/** A reporter is a pure function of the result: it never prints, the CLI does. */
export type Reporter = (result: RunResult, options: ReportOptions) => string;

import { json } from './json.js';
import { junit } from './junit.js';
import { pretty } from './pretty.js';
import type { Reporter } from './types.js';

export const reporters = { pretty, json, junit } satisfies Record<string, Reporter>;
export type Format = keyof typeof reporters;

import { github } from './github.js';
import { gradescope } from './gradescope.js';
import { html } from './html.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { pretty } from './pretty.js';
import { tap } from './tap.js';
import type { Reporter } from './types.js';

export const reporters = { pretty, json, junit, tap, github, gradescope, html } satisfies Record<string, Reporter>;
export type Format = keyof typeof reporters;

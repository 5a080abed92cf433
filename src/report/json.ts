import type { Reporter } from './types.js';

/** The stable contract instructors' tools read; see DESIGN.md. */
export const json: Reporter = (result) => `${JSON.stringify(result, null, 2)}\n`;

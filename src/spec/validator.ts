import { createHash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { ajv, builtValidator } from '../lazy-modules.js';
import { labSchema } from './schema.js';

// verbose: the loader's messages quote the schema a value broke (allowed values, patterns).
export const AJV_OPTIONS = { allErrors: true, strict: false, verbose: true };
export const BUILT_VALIDATOR = 'lab-validator.cjs';
export const schemaHash = (schema: object): string => createHash('sha256').update(JSON.stringify(schema)).digest('hex');

/**
 * The lab.yaml validator. `npm run build` compiles it ahead of time (write-validator.ts):
 * compiling the schema costs about 100 ms, on every `lab check`. That one is used while
 * it was built from this very schema; otherwise (tests from source, a stale build) it is compiled now.
 */
export function labValidator(): ValidateFunction {
  const schema = labSchema();
  try {
    const built = builtValidator() as ValidateFunction & { schemaHash?: string };
    if (built.schemaHash === schemaHash(schema)) return built;
  } catch {
    // not built
  }
  return new (ajv().Ajv)(AJV_OPTIONS).compile(schema);
}

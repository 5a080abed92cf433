// npm run build: the lab.yaml validator compiled ahead of time (ajv standalone code), next to
// validator.js, which uses it while it matches the schema.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { labSchema } from './schema.js';
import { AJV_OPTIONS, BUILT_VALIDATOR, schemaHash } from './validator.js';

const schema = labSchema();
const compiler = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
const code = standalone.default(compiler, compiler.compile(schema));
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), BUILT_VALIDATOR), `${code}\nmodule.exports.schemaHash = ${JSON.stringify(schemaHash(schema))};\n`);

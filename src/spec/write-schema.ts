// Writes labs/lab.schema.json from the registry (npm run schema); a unit test keeps it in sync.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { labsRoot } from '../cli/context.js';
import { labSchema } from './schema.js';

const file = resolve(labsRoot(), 'lab.schema.json');
writeFileSync(file, `${JSON.stringify(labSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${file}\n`);

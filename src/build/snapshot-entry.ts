// Measured by npm run bench, not shipped: `lab` from a V8 startup snapshot (node --build-snapshot)
// holding yargs, the message catalogs and the commands already loaded; program.ts runs at start.
// Start it as `node --snapshot-blob <blob> lab <args>`.
import { startupSnapshot } from 'node:v8';
import 'yargs';
import '../i18n/index.js';
import '../cli/check.js';
import '../cli/grade.js';
import '../cli/doctor.js';
import '../cli/cluster.js';
import '../cli/validate.js';

startupSnapshot.setDeserializeMainFunction(() => {
  void import('../cli/program.js');
});

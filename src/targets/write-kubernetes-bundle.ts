// npm run build: @kubernetes/client-node as one file, dist/vendor/kubernetes-client.js (esbuild).
// The package is about 900 modules (one per API model); loading them one by one was most of a
// Kubernetes lab's run (npm run bench). lazy-modules.ts prefers this file to the package.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  stdin: { contents: "export * from '@kubernetes/client-node';", resolveDir: dist, sourcefile: 'kubernetes-client.js' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  legalComments: 'external',
  outfile: join(dist, 'vendor', 'kubernetes-client.js'),
  // Some of its dependencies are CommonJS and require() Node's built-ins.
  banner: { js: "import { createRequire as __labRequire } from 'node:module'; const require = __labRequire(import.meta.url);" },
  logLevel: 'warning',
});

// npm run build: @kubernetes/client-node as one file, dist/vendor/kubernetes-client.js.
// The package is about 900 modules (one per API model); loading them one by one was most of
// a Kubernetes lab's run (measured with npm run bench). src/lazy-modules.ts prefers this file.
import { build } from 'esbuild';

await build({
  stdin: { contents: "export * from '@kubernetes/client-node';", resolveDir: process.cwd(), sourcefile: 'kubernetes-client.js' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  legalComments: 'external',
  outfile: 'dist/vendor/kubernetes-client.js',
  // Some dependencies are CommonJS and require() Node's built-ins.
  banner: { js: "import { createRequire as __labRequire } from 'node:module'; const require = __labRequire(import.meta.url);" },
  logLevel: 'warning',
});

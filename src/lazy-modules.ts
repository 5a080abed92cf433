import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';

// These load on first use, synchronously (they ship CommonJS): `lab --help` needs none of
// them, and a lab check only the ones its run touches. Types still come from `import type`.
// The one-file build (build/write-bundle.ts) puts build/bundled-modules.ts in this file's place.
const require = createRequire(import.meta.url);

export const yaml = (): typeof import('yaml') => require('yaml');
export const ajv = (): typeof import('ajv') => require('ajv');
export const pino = (): typeof import('pino') => require('pino');
/** The lab.yaml validator compiled by the build (spec/write-validator.ts), if built. */
export const builtValidator = (): unknown => require('./spec/lab-validator.cjs');
/** Every bundled lab as the build loaded it (spec/write-lab-specs.ts), if built. */
export const builtLabSpecs = (): unknown => require('./spec/lab-specs.json');

/**
 * dockerode without two parts the grader never uses, left unloaded: BuildKit sessions (gRPC and
 * protobuf, for image builds) and docker-modem's SSH transport (ssh2): an ssh:// engine is
 * reached through the system's ssh, as the docker CLI does (targets/docker-ssh.ts). About 150
 * modules and 80 ms less on every Docker lab's start.
 */
export function dockerode(): typeof import('dockerode') {
  const root = dirname(require.resolve('dockerode'));
  leaveOut(require.resolve('./session.js', { paths: [root] }), 'BuildKit sessions');
  leaveOut(require.resolve('docker-modem/lib/ssh.js', { paths: [root] }), "docker-modem's ssh2 transport");
  return require('dockerode');
}

function leaveOut(file: string, what: string): void {
  if (require.cache[file]) return;
  const stub = new Module(file);
  stub.filename = file;
  stub.loaded = true;
  stub.exports = () => {
    throw new Error(`lab-grader does not load ${what}`);
  };
  require.cache[file] = stub;
}

/**
 * @kubernetes/client-node from the single file the build bundles (dist/vendor/kubernetes-client.js):
 * the package itself is about 900 modules, and loading them was most of a Kubernetes lab's run.
 * The package is the fallback (tests from source, a build without the bundle).
 */
export async function kubernetesClient(): Promise<typeof import('@kubernetes/client-node')> {
  const bundled = './vendor/kubernetes-client.js';
  try {
    return await import(bundled);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    return import('@kubernetes/client-node');
  }
}

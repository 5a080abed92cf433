// lazy-modules.ts as the one-file build sees it (build/write-bundle.ts swaps this file in):
// the same modules, bundled. esbuild wraps each CommonJS package in a function that runs on
// its first require(), so they still load only when a run needs them.
declare const require: NodeJS.Require;

export const yaml = (): typeof import('yaml') => require('yaml');
export const ajv = (): typeof import('ajv') => require('ajv');
export const pino = (): typeof import('pino') => require('pino');
export const builtValidator = (): unknown => require('../../dist/spec/lab-validator.cjs');
/** Every bundled lab as the build loaded it (spec/write-lab-specs.ts), if built. */
export const builtLabSpecs = (): unknown => require('../../dist/spec/lab-specs.json');
// BuildKit sessions and docker-modem's ssh2 transport are left out by the bundle itself (write-bundle.ts).
export const dockerode = (): typeof import('dockerode') => require('dockerode');
// The executable holds the client; the npm package's bundle requires dist/vendor/kubernetes-client.js (write-bundle.ts).
export const kubernetesClient = async (): Promise<typeof import('@kubernetes/client-node')> => require('@kubernetes/client-node');

#!/usr/bin/env node
// The `lab` binary: refuses an old Node before loading anything, turns on Node's compile
// cache (V8's compiled code for our modules and dependencies, kept between runs: a warm
// start skips most parsing), then loads the program.
import module from 'node:module';

// @kubernetes/client-node 2 (undici 8) needs it; older Nodes fail deep inside with a TypeError.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(`lab: needs Node.js 22.19 or newer; this is ${process.version}. Install a current Node (https://nodejs.org) and run it again.\n`);
  process.exit(2);
}

module.enableCompileCache?.();
void import('./program.js');

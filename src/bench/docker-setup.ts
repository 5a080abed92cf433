import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT, say, waitFor } from './env.js';

const NAMES = ['mimysql', 'miwp', 'mifedora', 'miclasificador', 'midb', 'miweb'];
/** Lab 7's network: removed afterwards only when the bench created it. */
const NETWORK = 'mired';
/** The image lab 6's solution builds: a tag of yours by that name is put back afterwards. */
const BUILT = 'clasificador:1.0';
const PARKED = (name: string) => `${name}-parked-by-lab-grader-bench`;
const docker = (...args: string[]) => spawnSync('docker', args, { encoding: 'utf8' });

/**
 * Labs 1, 2, 5, 6 and 7's reference solutions, running and passing. A container of yours named
 * mimysql, miwp, mifedora, miclasificador, midb or miweb is stopped and parked under another name
 * meanwhile, as `npm test` does, and put back by the returned teardown, as is your clasificador:1.0
 * tag (lab 6's solution builds one). Call it holding the Docker lock.
 */
export function dockerLabsUp(): () => void {
  execFileSync('sh', [join(ROOT, 'bench', 'baselines', 'ensure-clients.sh')], { stdio: 'inherit' });
  const parked: { name: string; running: boolean }[] = [];
  for (const name of NAMES) {
    const state = docker('container', 'inspect', '-f', '{{.State.Running}}', name);
    if (state.status !== 0) continue;
    docker('stop', name);
    docker('rename', name, PARKED(name));
    parked.push({ name, running: state.stdout.trim() === 'true' });
    say(`parked your ${name} container for the bench`);
  }
  // A network of yours named mired is used as it is (lab 7's solution joins it) and left in place.
  const ownNetwork = docker('network', 'inspect', NETWORK).status === 0;
  const work = mkdtempSync(join(tmpdir(), 'lab-bench-docker-'));
  const ownImage = docker('image', 'inspect', '-f', '{{.Id}}', BUILT);
  const teardown = () => {
    docker('rm', '-f', '-v', ...NAMES);
    if (!ownNetwork) docker('network', 'rm', NETWORK);
    if (ownImage.status === 0) docker('tag', ownImage.stdout.trim(), BUILT);
    else docker('rmi', BUILT);
    rmSync(work, { recursive: true, force: true });
    for (const p of parked) {
      docker('rename', PARKED(p.name), p.name);
      if (p.running) docker('start', p.name);
      say(`put your ${p.name} container back`);
    }
  };
  try {
    for (const [lab, folder] of [['1', '01-mysql'], ['2', '02-wordpress'], ['5', '05-fedora'], ['6', '06-image'], ['7', '07-network']]) {
      execFileSync('sh', [join(ROOT, 'labs', folder, 'solution', 'run.sh')], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
      waitFor(`lab ${lab}'s solution to pass`, 120, () => spawnSync(process.execPath, [CLI, 'check', lab, '--timeout', '5']).status === 0);
    }
  } catch (err) {
    teardown();
    throw err;
  }
  return teardown;
}

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { endLeftovers } from '../private-engine.js';

/**
 * A real, rootful Podman API service (`podman system service`), with storage of its own and in
 * a network namespace of its own, like PrivateDockerd: its published ports 3306 and 8081 cannot
 * clash with the shared Docker engine's. The stand-in images come from the system Docker engine
 * (`docker save | podman load`) and are named as a pull from Docker Hub names them.
 */
export class PrivatePodman {
  readonly dir = mkdtempSync('/tmp/lgpodman-');
  readonly name = this.dir.split('/').pop()!;
  readonly socket = join(this.dir, 'podman.sock');
  readonly host = `unix://${this.socket}`;
  readonly netns = `/run/netns/${this.name}`;
  readonly docker = new Docker({ socketPath: this.socket });
  private service?: ChildProcess;

  /** podman with this engine's storage and settings. */
  private podman(args: string[]): string {
    // In the engine's namespace: tearing a container's network down runs iptables where podman runs.
    return execFileSync('nsenter', [`--net=${this.netns}`, 'podman', ...this.globals(), ...args], { env: this.env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  private globals(): string[] {
    return ['--root', join(this.dir, 'storage'), '--runroot', join(this.dir, 'run'), '--tmpdir', join(this.dir, 'tmp'),
      '--cgroup-manager=cgroupfs', '--events-backend=file', '--network-config-dir', join(this.dir, 'net')];
  }

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, CONTAINERS_CONF: join(this.dir, 'containers.conf') };
  }

  async start(images: string[]): Promise<void> {
    // Podman asks for rlimits above this machine's hard limits by default (no CAP_SYS_RESOURCE here).
    const hard = execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim();
    writeFileSync(join(this.dir, 'containers.conf'), `[containers]\ndefault_ulimits = ["nofile=${hard}:${hard}", "nproc=4096:4096"]\n`);
    execFileSync('ip', ['netns', 'add', this.name]);
    execFileSync('ip', ['netns', 'exec', this.name, 'ip', 'link', 'set', 'lo', 'up']);
    if (images.length) {
      execFileSync('sh', ['-c', 'docker save "$@" | DOCKER_HOST= nsenter --net="$NETNS" podman $GLOBALS load -q', 'sh', ...images], {
        env: { ...this.env(), DOCKER_HOST: '', GLOBALS: this.globals().join(' '), NETNS: this.netns },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      for (const image of images) {
        // As pulled: docker.io/library/mysql:5.7, so that `docker run mysql:5.7` resolves the short name to it.
        this.podman(['tag', `localhost/${image}`, `docker.io/library/${image}`]);
        this.podman(['untag', `localhost/${image}`, `localhost/${image}`]);
      }
    }
    this.service = spawn('nsenter', [`--net=${this.netns}`, 'podman', ...this.globals(), 'system', 'service', '--time=0', this.host], { env: this.env(), stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    this.service.stderr!.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-20_000);
    });
    for (let i = 0; ; i++) {
      if (existsSync(this.socket) && (await this.docker.ping().then(() => true, () => false))) break;
      if (i > 120 || this.service.exitCode !== null) throw new Error(`podman system service did not start:\n${log.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** `docker …` against this engine. */
  cli(args: string[]): string {
    return execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: this.host }, encoding: 'utf8' });
  }

  /** A command line that runs inside this engine's network namespace, where its published ports live. */
  exec(argv: string[]): string[] {
    return ['nsenter', `--net=${this.netns}`, '--', ...argv];
  }

  async remove(): Promise<void> {
    try { this.podman(['rm', '-af', '-t', '1']); } catch { /* service already gone */ }
    try { this.podman(['volume', 'prune', '-f']); } catch { /* nothing to prune */ }
    if (this.service && this.service.exitCode === null) {
      this.service.kill('SIGTERM');
      await new Promise((r) => this.service!.on('exit', r));
    }
    endLeftovers(this.dir, this.name, this.netns);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

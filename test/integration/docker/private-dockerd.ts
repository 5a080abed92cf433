import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { endLeftovers } from '../private-engine.js';

/**
 * A second, real dockerd that a drill may stop, so the system engine that everyone
 * shares is never touched. It runs in its own network namespace: with its own docker0
 * there, it cannot clash with (or delete) the host's, and its published ports exist only
 * inside that namespace, where `exec` runs the CLI. Images come from the system engine
 * through `docker save | docker load`: nothing is pulled.
 */
export class PrivateDockerd {
  readonly dir = mkdtempSync('/tmp/lgdrill-');
  readonly name = this.dir.split('/').pop()!;
  readonly socket = join(this.dir, 'docker.sock');
  readonly host = `unix://${this.socket}`;
  readonly netns = `/run/netns/${this.name}`;
  readonly docker = new Docker({ socketPath: this.socket });
  private daemon?: ChildProcess;
  private exited?: Promise<void>;

  private extra: string[] = [];

  /**
   * An engine of its own identity (/info ID) as on another machine: dockerd 20.10 keeps it in
   * /etc/docker/key.json, so the daemon runs in a mount namespace where /etc/docker is a folder of its own.
   */
  ownIdentity = false;

  /** `extra`: more dockerd flags, such as a TLS listener on the namespace's loopback. */
  async start(images: string[], extra: string[] = []): Promise<void> {
    execFileSync('ip', ['netns', 'add', this.name]);
    execFileSync('ip', ['netns', 'exec', this.name, 'ip', 'link', 'set', 'lo', 'up']);
    this.extra = extra;
    await this.launch();
    for (const image of images) {
      execFileSync('sh', ['-c', `docker save "$1" | DOCKER_HOST="$2" docker load -q`, 'sh', image, this.host], {
        env: { ...process.env, DOCKER_HOST: '' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    }
  }

  /** Starts the stopped engine again, on the same data: what `systemctl start docker` does after a stop. */
  async restart(): Promise<void> {
    await this.launch();
  }

  private async launch(): Promise<void> {
    // nsenter, not `ip netns exec`: that remounts /sys and hides the cgroups dockerd needs.
    const conf = join(this.dir, 'etc-docker');
    if (this.ownIdentity) mkdirSync(conf, { recursive: true });
    const launcher = this.ownIdentity
      ? ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', 'mount --bind "$0" /etc/docker && exec "$@"', conf, 'nsenter']
      : ['nsenter'];
    this.daemon = spawn(launcher[0], [
      ...launcher.slice(1),
      `--net=${this.netns}`, 'dockerd',
      '--host', this.host,
      '--data-root', join(this.dir, 'data'),
      '--exec-root', join(this.dir, 'exec'),
      '--pidfile', join(this.dir, 'docker.pid'),
      '--cgroup-parent', this.name,
      '--iptables=false', '--ip6tables=false', '--ip-masq=false',
      '--debug',
      ...this.extra,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    this.daemon.stderr!.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-200_000);
    });
    const daemon = this.daemon;
    this.exited = new Promise((r) => daemon.on('exit', () => r()));
    this.logText = () => log;
    for (let i = 0; ; i++) {
      if (existsSync(this.socket) && (await this.docker.ping().then(() => true, () => false))) break;
      if (i > 120 || daemon.exitCode !== null) throw new Error(`private dockerd did not start:\n${log.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** The daemon's debug log so far: it names every API call it serves. */
  logText: () => string = () => '';

  /** `docker …` against this engine. */
  cli(args: string[]): string {
    return execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: this.host }, encoding: 'utf8' });
  }

  /** A command line that runs inside this engine's network namespace, where its published ports live. */
  exec(argv: string[]): string[] {
    return ['nsenter', `--net=${this.netns}`, '--', ...argv];
  }

  /** Stops the engine as `systemctl stop docker` would (SIGTERM), or dies at once (SIGKILL). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.daemon || this.daemon.exitCode !== null || this.daemon.signalCode !== null) return;
    this.daemon.kill(signal);
    await this.exited;
  }

  /** Stops the engine and removes everything it made: its processes, mounts, namespace, cgroups and files. */
  async remove(): Promise<void> {
    await this.stop('SIGTERM');
    endLeftovers(this.dir, this.name, this.netns);
    for (const controller of existsSync('/sys/fs/cgroup') ? readdirSync('/sys/fs/cgroup') : []) {
      removeTree(join('/sys/fs/cgroup', controller, this.name));
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function removeTree(dir: string) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) removeTree(join(dir, entry.name));
  try { rmdirSync(dir); } catch { /* still in use or not ours to remove */ }
}

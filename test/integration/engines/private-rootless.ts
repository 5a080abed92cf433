import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { endLeftovers } from '../private-engine.js';

/** The unprivileged user scripts/engines.sh makes for rootless engines (subordinate ids, no password). */
export const ROOTLESS_USER = 'lab-grader-rootless';

/**
 * A real rootless engine run by an unprivileged user, as a student's laptop runs it:
 * `dockerd-rootless.sh` (RootlessKit, slirp4netns, the engine in a user namespace) or rootless
 * `podman system service`. Like PrivatePodman, it runs in a network namespace of its own, so that
 * its published ports 3306 and 8081 (where RootlessKit listens) cannot clash with the shared
 * engine's, and with a runtime folder of its own ($XDG_RUNTIME_DIR, where both put their socket).
 * The student's commands run as that user; the grader reaches the socket as the tests' user does.
 */
export class PrivateRootless {
  readonly dir = mkdtempSync('/tmp/lgrootless-');
  readonly name = this.dir.split('/').pop()!;
  readonly runtime = join(this.dir, 'run');
  readonly home = join(this.dir, 'home');
  readonly netns = `/run/netns/${this.name}`;
  /** The laptop's own LAN address, in the engine's network namespace (a documentation address). */
  readonly lanIp = '192.0.2.50';
  readonly socket: string;
  readonly host: string;
  readonly docker: Docker;
  private readonly uid: number;
  private readonly gid: number;
  private service?: ChildProcess;
  private log = '';

  constructor(readonly product: 'docker' | 'podman') {
    this.socket = product === 'docker' ? join(this.runtime, 'docker.sock') : join(this.runtime, 'podman', 'podman.sock');
    this.host = `unix://${this.socket}`;
    this.docker = new Docker({ socketPath: this.socket });
    const id = (flag: string) => Number(execFileSync('id', [flag, ROOTLESS_USER], { encoding: 'utf8' }).trim());
    this.uid = id('-u');
    this.gid = id('-g');
  }

  /** `argv` as the unprivileged user, in this engine's network namespace, with its HOME and runtime folder. */
  asUser(argv: string[]): string[] {
    return ['nsenter', `--net=${this.netns}`, '--', 'setpriv', `--reuid=${this.uid}`, `--regid=${this.gid}`, '--init-groups', '--',
      'env', `HOME=${this.home}`, `XDG_RUNTIME_DIR=${this.runtime}`, `USER=${ROOTLESS_USER}`, 'PATH=/usr/share/docker.io/contrib:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin', ...argv];
  }

  /** Hands a folder made by the tests to the user, as the student's own. */
  own(path: string): void {
    chownSync(path, this.uid, this.gid);
  }

  async start(images: string[]): Promise<void> {
    chmodSync(this.dir, 0o755);
    for (const d of [this.runtime, this.home]) {
      mkdirSync(d, { mode: 0o700 });
      this.own(d);
    }
    execFileSync('ip', ['netns', 'add', this.name]);
    execFileSync('ip', ['netns', 'exec', this.name, 'ip', 'link', 'set', 'lo', 'up']);
    execFileSync('ip', ['netns', 'exec', this.name, 'ip', 'addr', 'add', `${this.lanIp}/24`, 'dev', 'lo']);
    if (this.product === 'podman') {
      // Podman asks for rlimits above this machine's hard limits by default; the kernel mounts
      // overlay in a user namespace (5.11+), so no fuse-overlayfs and no vfs copies.
      const hard = execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim();
      const conf = join(this.home, '.config', 'containers');
      mkdirSync(conf, { recursive: true });
      writeFileSync(join(conf, 'containers.conf'), `[containers]\ndefault_ulimits = ["nofile=${hard}:${hard}", "nproc=4096:4096"]\n[engine]\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n`);
      writeFileSync(join(conf, 'storage.conf'), '[storage]\ndriver = "overlay"\n');
      mkdirSync(join(this.runtime, 'podman'));
      execFileSync('chown', ['-R', `${this.uid}:${this.gid}`, join(this.home, '.config'), join(this.runtime, 'podman')]);
    }
    await this.startService();
    if (images.length) await this.load(images);
  }

  private async startService(): Promise<void> {
    const argv = this.product === 'docker'
      ? ['dockerd-rootless.sh', '--data-root', join(this.home, 'docker'), '--pidfile', join(this.runtime, 'docker.pid')]
      : ['podman', 'system', 'service', '--time=0', this.host];
    const [cmd, ...args] = this.asUser(argv);
    this.service = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    this.service.unref();
    this.service.stderr!.on('data', (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-20_000);
    });
    for (let i = 0; ; i++) {
      if (existsSync(this.socket) && (await this.docker.ping().then(() => true, () => false))) return;
      if (i > 240 || this.service.exitCode !== null) throw new Error(`rootless ${this.product} did not start:\n${this.log.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** The stand-in images, from the system engine, named as a pull from Docker Hub names them. */
  private async load(images: string[]): Promise<void> {
    const load = this.asUser(this.product === 'docker' ? ['docker', '-H', this.host, 'load', '-q'] : ['podman', 'load', '-q']);
    execFileSync('sh', ['-c', `DOCKER_HOST= docker save "$@" | ${load.map((a) => `'${a}'`).join(' ')}`, 'sh', ...images], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (this.product === 'podman') {
      const podman = (args: string[]) => {
        const [cmd, ...rest] = this.asUser(['podman', ...args]);
        execFileSync(cmd, rest, { stdio: ['ignore', 'ignore', 'pipe'] });
      };
      for (const image of images) {
        podman(['tag', `localhost/${image}`, `docker.io/library/${image}`]);
        podman(['untag', `localhost/${image}`, `localhost/${image}`]);
      }
    }
  }

  /**
   * How a student on this engine types a case that names the host's own address: docker0's
   * address is RootlessKit's or not there at all, so they give the laptop's LAN address.
   */
  lanHost(script: string): string {
    return script.replaceAll("ip -4 -o addr show docker0 | awk '{print $4}' | cut -d/ -f1", `echo ${this.lanIp}`);
  }

  /** A command line that runs inside this engine's network namespace, where its published ports live. */
  exec(argv: string[]): string[] {
    return ['nsenter', `--net=${this.netns}`, '--', ...argv];
  }

  /** The student's commands: as the user (DOCKER_HOST comes from the caller's environment). */
  applyIn(argv: string[]): string[] {
    return this.asUser(argv);
  }

  async remove(): Promise<void> {
    try { for (const c of await this.docker.listContainers({ all: true })) await this.docker.getContainer(c.Id).remove({ force: true, v: true }); } catch { /* service already gone */ }
    if (this.service && this.service.exitCode === null) {
      try { process.kill(-this.service.pid!, 'SIGTERM'); } catch { /* gone */ }
      await Promise.race([new Promise((r) => this.service!.on('exit', r)), new Promise((r) => setTimeout(r, 15_000))]);
    }
    endLeftovers(this.dir, this.name, this.netns);
    rmSync(this.dir, { recursive: true, force: true });
    this.service?.stderr?.destroy();
  }
}

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrivateDockerd } from '../docker/private-dockerd.js';

/**
 * A remote engine reached over ssh, as a classroom VM is: a private dockerd and an sshd in one
 * network namespace ("the VM", 192.0.2.2), the grader in another ("the laptop", 192.0.2.1),
 * joined by a veth pair the test makes (192.0.2.0/24 is TEST-NET-1, routed nowhere). The key and
 * host key are made here; the laptop's ssh finds them through an `ssh` on PATH that adds -F,
 * as a student's ~/.ssh/config would.
 */
export class SshEngine {
  readonly vm = new PrivateDockerd();
  readonly ip = '192.0.2.2';
  readonly laptopIp = '192.0.2.1';
  readonly host = `ssh://root@${this.ip}`;
  readonly laptop = `${this.vm.name}-laptop`;
  readonly dir = this.vm.dir;
  readonly docker = this.vm.docker;
  readonly bin = join(this.vm.dir, 'bin');
  private sshd?: ChildProcess;

  async start(images: string[]): Promise<void> {
    await this.vm.start(images);
    const ns = (netns: string, ...args: string[]) => execFileSync('ip', ['netns', 'exec', netns, ...args]);
    execFileSync('ip', ['netns', 'add', this.laptop]);
    ns(this.laptop, 'ip', 'link', 'set', 'lo', 'up');
    const veth = `lgv${process.pid % 100000}`;
    execFileSync('ip', ['link', 'add', `${veth}a`, 'netns', this.vm.name, 'type', 'veth', 'peer', 'name', `${veth}b`, 'netns', this.laptop]);
    ns(this.vm.name, 'ip', 'addr', 'add', `${this.ip}/24`, 'dev', `${veth}a`);
    ns(this.vm.name, 'ip', 'link', 'set', `${veth}a`, 'up');
    ns(this.laptop, 'ip', 'addr', 'add', `${this.laptopIp}/24`, 'dev', `${veth}b`);
    ns(this.laptop, 'ip', 'link', 'set', `${veth}b`, 'up');

    const d = join(this.dir, 'ssh');
    mkdirSync(d, { mode: 0o700 });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(d, 'id'), '-C', 'lab-grader test']);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(d, 'host')]);
    // On the VM, `docker` is that VM's engine, as it would be there.
    writeFileSync(join(d, 'authorized_keys'), `environment="DOCKER_HOST=${this.vm.host}" ${readFileSync(join(d, 'id.pub'), 'utf8')}`);
    writeFileSync(join(d, 'sshd_config'), [
      `ListenAddress ${this.ip}:22`, `HostKey ${join(d, 'host')}`, `AuthorizedKeysFile ${join(d, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PermitUserEnvironment yes',
      'StrictModes no', 'UsePAM no', `PidFile ${join(d, 'sshd.pid')}`, '',
    ].join('\n'));
    writeFileSync(join(d, 'known_hosts'), `${this.ip} ${readFileSync(join(d, 'host.pub'), 'utf8')}`);
    writeFileSync(join(d, 'config'), [
      `Host ${this.ip}`, `  IdentityFile ${join(d, 'id')}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${join(d, 'known_hosts')}`,
      '  StrictHostKeyChecking yes', `Host *`, '  ConnectTimeout 5', '',
    ].join('\n'));
    mkdirSync(this.bin);
    writeFileSync(join(this.bin, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F ${join(d, 'config')} "$@"\n`);
    chmodSync(join(this.bin, 'ssh'), 0o755);
    mkdirSync('/run/sshd', { recursive: true });
    this.sshd = spawn('nsenter', [`--net=${this.vm.netns}`, '/usr/sbin/sshd', '-D', '-e', '-f', join(d, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    this.sshd.stderr!.on('data', (c: Buffer) => { log += c.toString(); });
    for (let i = 0; ; i++) {
      try {
        // Runs in the laptop's namespace, as the grader will.
        execFileSync('nsenter', [`--net=/run/netns/${this.laptop}`, join(this.bin, 'ssh'), `root@${this.ip}`, 'docker', 'version', '--format', '{{.Server.Version}}'], { stdio: 'ignore', env: this.env() });
        break;
      } catch {
        if (i > 40 || this.sshd.exitCode !== null) throw new Error(`sshd did not start:\n${log.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  /** The laptop's environment: its ssh (with the test's key) first on PATH. */
  env(): NodeJS.ProcessEnv {
    return { PATH: `${this.bin}:${process.env.PATH}`, DOCKER_HOST: this.host };
  }

  /** The student types the lab's commands on the VM. */
  readonly applyHost = this.vm.host;
  applyIn(argv: string[]): string[] {
    return this.vm.exec(argv);
  }

  /** A command line on the laptop, where the grader runs. */
  exec(argv: string[]): string[] {
    return ['nsenter', `--net=/run/netns/${this.laptop}`, '--', ...argv];
  }

  async remove(): Promise<void> {
    if (this.sshd && this.sshd.exitCode === null) {
      this.sshd.kill('SIGTERM');
      await new Promise((r) => this.sshd!.on('exit', r));
    }
    try { execFileSync('ip', ['netns', 'del', this.laptop], { stdio: 'ignore' }); } catch { /* never made */ }
    await this.vm.remove();
  }
}

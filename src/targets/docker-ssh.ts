import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Agent } from 'node:http';
import { Duplex } from 'node:stream';
import type { ParsedHost } from './docker-endpoint.js';

/**
 * An ssh:// engine, reached as the docker CLI reaches it: the system's `ssh` (so ~/.ssh/config,
 * known_hosts, keys and the agent all apply) runs `docker system dial-stdio` on the remote host,
 * and HTTP goes through its stdin and stdout. Loaded only for an ssh:// endpoint.
 */
export function sshArgs(host: ParsedHost): string[] {
  const args = ['-o', 'ConnectTimeout=30', '-o', 'BatchMode=yes', '-T'];
  if (host.user) args.push('-l', host.user);
  if (host.port) args.push('-p', String(host.port));
  return [...args, '--', host.host!, 'docker', 'system', 'dial-stdio'];
}

/** One ssh connection as a socket; the HTTP agent keeps it alive between requests. */
class SshSocket extends Duplex {
  private stderr = '';

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    super();
    child.stdout.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) child.stdout.pause();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-2000);
    });
    child.on('error', (err) => this.destroy(err));
    // The end of the stream waits for ssh's exit status, so that its own reason reaches the user.
    child.on('close', (code) => {
      if (code) this.destroy(new Error(this.stderr.trim().split('\n').pop() || `ssh exited with ${code}`));
      else this.push(null);
    });
    child.stdin.on('error', () => undefined);
  }

  _read(): void {
    this.child.stdout.resume();
  }

  _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    this.child.stdin.write(chunk, done);
  }

  _final(done: () => void): void {
    this.child.stdin.end();
    done();
  }

  _destroy(err: Error | null, done: (err: Error | null) => void): void {
    if (this.child.exitCode === null) this.child.kill();
    done(err);
  }

  // What http.Agent asks of a socket.
  setTimeout(): this { return this; }
  setNoDelay(): this { return this; }
  setKeepAlive(): this { return this; }
  ref(): this {
    this.child.ref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) (s as unknown as { ref?: () => void }).ref?.();
    return this;
  }
  unref(): this {
    this.child.unref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) (s as unknown as { unref?: () => void }).unref?.();
    return this;
  }
}

class SshAgent extends Agent {
  constructor(private readonly host: ParsedHost, private readonly env: NodeJS.ProcessEnv) {
    super({ keepAlive: true, maxSockets: 4 });
  }

  createConnection(): Duplex {
    return new SshSocket(spawn('ssh', sshArgs(this.host), { env: this.env, stdio: ['pipe', 'pipe', 'pipe'] }));
  }
}

export const sshAgent = (host: ParsedHost, env: NodeJS.ProcessEnv): Agent => new SshAgent(host, env);

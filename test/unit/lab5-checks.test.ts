import { firstTarEntry, linkTarget } from '../../src/checks/docker/archive.js';
import { describeOs, parseOsRelease } from '../../src/checks/docker/os-release.js';
import { judgePid1, type Pid1Facts } from '../../src/checks/docker/pid1-foreground.js';

/** A ustar header block (+ data blocks) as Go's archive/tar writes them for the engine's archive GET. */
function tarEntry(name: string, flag: string, data = '', linkname = ''): Buffer {
  const body = Buffer.from(data, 'utf8');
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write(flag, 156);
  h.write(linkname, 157, 100, 'utf8');
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.write('        ', 148);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([h, body, pad]);
}
const pax = (records: Record<string, string>) => {
  const text = Object.entries(records).map(([k, v]) => {
    const rec = ` ${k}=${v}\n`;
    let len = Buffer.byteLength(rec) + 1;
    while (Buffer.byteLength(`${len}${rec}`) !== len) len++;
    return `${len}${rec}`;
  }).join('');
  return tarEntry('PaxHeaders/x', 'x', text);
};
const END = Buffer.alloc(1024);

const OS_RELEASE = 'NAME="Fedora Linux"\nVERSION="40 (Container Image)"\nID=fedora\nVERSION_ID=40\nPRETTY_NAME="Fedora Linux 40 (Container Image)"\n';

describe('the archive GET of one path', () => {
  test('a regular file: its name and content', () => {
    const entry = firstTarEntry(Buffer.concat([tarEntry('os-release', '0', OS_RELEASE), END]));
    expect(entry).toMatchObject({ name: 'os-release', type: 'file' });
    expect(entry?.data.toString()).toBe(OS_RELEASE);
  });

  test('a symbolic link (/etc/os-release in Fedora and Debian): its target, resolved inside the container', () => {
    const entry = firstTarEntry(Buffer.concat([tarEntry('os-release', '2', '', '../usr/lib/os-release'), END]));
    expect(entry).toMatchObject({ type: 'symlink', linkname: '../usr/lib/os-release' });
    expect(linkTarget('/etc/os-release', '../usr/lib/os-release')).toBe('/usr/lib/os-release');
    expect(linkTarget('/etc/os-release', '/usr/lib/os-release')).toBe('/usr/lib/os-release');
    expect(linkTarget('/etc/os-release', '../../../../usr/lib/os-release')).toBe('/usr/lib/os-release');
  });

  test('PAX and GNU long-name headers are read, not taken for the file', () => {
    const viaPax = firstTarEntry(Buffer.concat([pax({ path: 'os-release', linkpath: '../usr/lib/os-release-ñ' }), tarEntry('ignored', '2'), END]));
    expect(viaPax).toMatchObject({ name: 'os-release', type: 'symlink', linkname: '../usr/lib/os-release-ñ' });
    const viaGnu = firstTarEntry(Buffer.concat([tarEntry('././@LongLink', 'L', 'a-very-long-name\0'), tarEntry('short', '0', 'x'), END]));
    expect(viaGnu).toMatchObject({ name: 'a-very-long-name', type: 'file' });
    expect(firstTarEntry(Buffer.concat([tarEntry('etc', '5'), END]))?.type).toBe('directory');
  });

  test('bytes that are no tar archive, or an empty one, give nothing', () => {
    expect(firstTarEntry(Buffer.from('{"message":"Could not find the file"}'))).toBeUndefined();
    expect(firstTarEntry(END)).toBeUndefined();
    expect(firstTarEntry(Buffer.alloc(0))).toBeUndefined();
  });
});

test('os-release: quoted and unquoted values, comments and escapes', () => {
  const f = parseOsRelease(`${OS_RELEASE}# a comment\nVERSION_CODENAME=""\nX="a \\"b\\" \\$c"\nY='single'\nnot a line\n`);
  expect(f).toMatchObject({ ID: 'fedora', VERSION_ID: '40', NAME: 'Fedora Linux', VERSION_CODENAME: '', X: 'a "b" $c', Y: 'single' });
  expect(describeOs(f)).toBe('Fedora Linux 40 (Container Image) (ID=fedora)');
  expect(describeOs(parseOsRelease('NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.0\n'))).toBe('Alpine Linux (ID=alpine)');
  expect(describeOs({})).toBe('? (ID=∅)');
});

describe('PID 1: what keeps the container alive, and why it ended', () => {
  const base: Pid1Facts = { status: 'running', running: true, exitCode: 0, tty: false, openStdin: false, path: '/bin/bash', args: [] };
  test('running: a shell on its terminal, on its open stdin, or a command in the foreground', () => {
    expect(judgePid1({ ...base, tty: true, openStdin: true })).toEqual({ ok: true, key: 'pid1.terminal' });
    expect(judgePid1({ ...base, openStdin: true })).toEqual({ ok: true, key: 'pid1.stdin' });
    expect(judgePid1({ ...base, args: ['-c', 'echo hola; sleep infinity'] })).toEqual({ ok: true, key: 'pid1.foreground' });
  });
  test('created but never started', () => {
    expect(judgePid1({ ...base, status: 'created', running: false })).toMatchObject({ ok: false, key: 'pid1.neverStarted' });
  });
  test('bash without -it read the end of its input at once', () => {
    expect(judgePid1({ ...base, status: 'exited', running: false, livedMs: 20 })).toMatchObject({ ok: false, key: 'pid1.shellNoInput' });
    expect(judgePid1({ ...base, path: 'sh', status: 'restarting', running: false })).toMatchObject({ ok: false, key: 'pid1.shellNoInput' });
  });
  test('the shell on its terminal was told to end (exit in docker attach)', () => {
    expect(judgePid1({ ...base, status: 'exited', running: false, tty: true, openStdin: true })).toMatchObject({ ok: false, key: 'pid1.terminalEnded' });
  });
  test('a command that ends, and one whose last command went to the background', () => {
    expect(judgePid1({ ...base, status: 'exited', running: false, path: 'echo', args: ['Hola'] })).toMatchObject({ ok: false, key: 'pid1.ended', background: false });
    expect(judgePid1({ ...base, status: 'exited', running: false, args: ['-c', 'echo hola; sleep infinity &'] })).toMatchObject({ ok: false, key: 'pid1.ended', background: true });
    expect(judgePid1({ ...base, status: 'exited', running: false, args: ['-c', 'true && false'] })).toMatchObject({ background: false });
  });
});

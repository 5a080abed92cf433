import type { ContainerInspectInfo } from 'dockerode';
import { cleanPath, parseBind, storageOf } from '../../src/checks/docker/data-volume.js';

// Shapes as `docker inspect` prints them for each way of keeping /var/lib/mysql.
const inspect = (mounts: object[], binds: string[] | null = null, hostMounts: object[] | null = null, tmpfs: Record<string, string> | null = null) =>
  ({ Mounts: mounts, HostConfig: { Binds: binds, Mounts: hostMounts, Tmpfs: tmpfs } }) as unknown as ContainerInspectInfo;
const anon = 'f'.repeat(64);
const volume = (name: string, destination = '/var/lib/mysql') => ({ Type: 'volume', Name: name, Source: `/var/lib/docker/volumes/${name}/_data`, Destination: destination });

test('a bind mount, with -v, --volume or --mount type=bind, trailing slash or not', () => {
  const mount = { Type: 'bind', Source: '/home/a/data', Destination: '/var/lib/mysql' };
  expect(storageOf(inspect([mount], ['/home/a/data:/var/lib/mysql']), '/var/lib/mysql')).toEqual({ kind: 'bind', source: '/home/a/data' });
  expect(storageOf(inspect([mount], ['/home/a/data/:/var/lib/mysql/:rw']), '/var/lib/mysql').kind).toBe('bind');
  expect(storageOf(inspect([mount], null, [{ Type: 'bind', Source: '/home/a/data', Target: '/var/lib/mysql/' }]), '/var/lib/mysql').kind).toBe('bind');
  expect(storageOf(inspect([mount]), '/var/lib/mysql/')).toEqual({ kind: 'bind', source: '/home/a/data' });
});

test('a named volume, with -v, --volume or --mount, in any spelling of the path', () => {
  const mount = volume('datos');
  for (const bind of ['datos:/var/lib/mysql', 'datos:/var/lib/mysql/', 'datos:/var/lib//mysql:ro', 'datos:/var/lib/./mysql:z']) {
    expect([bind, storageOf(inspect([mount], [bind]), '/var/lib/mysql')]).toEqual([bind, { kind: 'named', source: 'datos' }]);
  }
  expect(storageOf(inspect([mount], null, [{ Type: 'volume', Source: 'datos', Target: '/var/lib/mysql' }]), '/var/lib/mysql').kind).toBe('named');
  expect(storageOf(inspect([mount], null, [{ Type: 'volume', Source: 'datos', Target: '/var/lib/mysql/' }]), '/var/lib/mysql/').kind).toBe('named');
});

test('a named volume whose name looks like Docker\'s own is still named, when the user gave it', () => {
  expect(storageOf(inspect([volume(anon)], [`${anon}:/var/lib/mysql/`]), '/var/lib/mysql')).toEqual({ kind: 'named', source: anon });
  expect(storageOf(inspect([volume(anon)], null, [{ Type: 'volume', Source: anon, Target: '/var/lib/mysql' }]), '/var/lib/mysql').kind).toBe('named');
});

test("an anonymous volume, from -v /path, --mount without source, or the image's VOLUME", () => {
  expect(storageOf(inspect([volume(anon)]), '/var/lib/mysql')).toEqual({ kind: 'anonymous', source: anon });
  expect(storageOf(inspect([volume(anon)], null, [{ Type: 'volume', Target: '/var/lib/mysql/' }]), '/var/lib/mysql').kind).toBe('anonymous');
  // Another path's named volume does not make this one named.
  expect(storageOf(inspect([volume(anon), volume('logs', '/var/log/mysql')], ['logs:/var/log/mysql']), '/var/lib/mysql').kind).toBe('anonymous');
});

test('a volume with a name Docker did not make up (--volumes-from) is named', () => {
  expect(storageOf(inspect([volume('datos')]), '/var/lib/mysql')).toEqual({ kind: 'named', source: 'datos' });
});

test('tmpfs, with --tmpfs or --mount type=tmpfs, is memory, not a volume', () => {
  expect(storageOf(inspect([], null, null, { '/var/lib/mysql/': '' }), '/var/lib/mysql')).toEqual({ kind: 'tmpfs' });
  expect(storageOf(inspect([{ Type: 'tmpfs', Source: '', Destination: '/var/lib/mysql' }], null, [{ Type: 'tmpfs', Target: '/var/lib/mysql' }]), '/var/lib/mysql')).toEqual({ kind: 'tmpfs' });
});

test('nothing mounted there', () => {
  expect(storageOf(inspect([{ Type: 'bind', Source: '/x', Destination: '/etc/mysql' }]), '/var/lib/mysql')).toEqual({ kind: 'none' });
  expect(storageOf(inspect([{ Type: 'bind', Source: '/x', Destination: '/var/lib/mysql-files' }]), '/var/lib/mysql')).toEqual({ kind: 'none' });
});

test('paths and Binds strings are read the way Docker writes them', () => {
  expect(['/var/lib/mysql/', '/var/lib//mysql', '/var/lib/./mysql', '/var/lib/mysql', '/'].map(cleanPath)).toEqual(['/var/lib/mysql', '/var/lib/mysql', '/var/lib/mysql', '/var/lib/mysql', '/']);
  expect(parseBind('datos:/var/lib/mysql')).toEqual({ source: 'datos', destination: '/var/lib/mysql' });
  expect(parseBind('/home/a b/data:/var/lib/mysql/:ro,Z')).toEqual({ source: '/home/a b/data', destination: '/var/lib/mysql' });
  expect(parseBind('C:\\Users\\ana\\data:/var/lib/mysql')).toEqual({ source: 'C:\\Users\\ana\\data', destination: '/var/lib/mysql' });
  expect(parseBind('C:/Users/ana/data:/var/lib/mysql:rw')).toEqual({ source: 'C:/Users/ana/data', destination: '/var/lib/mysql' });
  expect(parseBind('nonsense')).toBeUndefined();
});

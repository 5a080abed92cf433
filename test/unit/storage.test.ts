import type { ContainerInspectInfo } from 'dockerode';
import { storageOf } from '../../src/checks/docker/data-volume.js';

// Shapes as `docker inspect` prints them for each way of keeping /var/lib/mysql.
const inspect = (mounts: object[], binds: string[] | null = null, hostMounts: object[] | null = null) =>
  ({ Mounts: mounts, HostConfig: { Binds: binds, Mounts: hostMounts } }) as unknown as ContainerInspectInfo;
const anon = 'f'.repeat(64);

test('a bind mount', () => {
  expect(storageOf(inspect([{ Type: 'bind', Source: '/home/a/data', Destination: '/var/lib/mysql' }], ['/home/a/data:/var/lib/mysql']), '/var/lib/mysql'))
    .toEqual({ kind: 'bind', source: '/home/a/data' });
});

test('a named volume, with -v or with --mount', () => {
  const mount = { Type: 'volume', Name: 'datos', Source: '/var/lib/docker/volumes/datos/_data', Destination: '/var/lib/mysql' };
  expect(storageOf(inspect([mount], ['datos:/var/lib/mysql']), '/var/lib/mysql').kind).toBe('named');
  expect(storageOf(inspect([mount], null, [{ Type: 'volume', Source: 'datos', Target: '/var/lib/mysql' }]), '/var/lib/mysql').kind).toBe('named');
});

test("an anonymous volume, from -v /path or from the image's VOLUME", () => {
  const mount = { Type: 'volume', Name: anon, Source: `/var/lib/docker/volumes/${anon}/_data`, Destination: '/var/lib/mysql' };
  expect(storageOf(inspect([mount]), '/var/lib/mysql')).toEqual({ kind: 'anonymous', source: anon });
});

test('nothing mounted there', () => {
  expect(storageOf(inspect([{ Type: 'bind', Source: '/x', Destination: '/etc/mysql' }]), '/var/lib/mysql')).toEqual({ kind: 'none' });
});

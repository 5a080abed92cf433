import type { ContainerInspectInfo } from 'dockerode';
import { storageOf } from '../../src/checks/docker/data-volume.js';

// Podman 4.3's Docker-compatible inspect, as captured from `podman system service`: unlike
// Docker, it lists anonymous volumes in HostConfig.Binds, under their generated names.
const anon = '2b24c636f42c100afc7d32a03e687127a52e2e522593803c2cd43fa21e1850b1';
const volume = (name: string) => ({ Type: 'volume', Name: name, Source: `/var/lib/containers/storage/volumes/${name}/_data`, Destination: '/var/lib/mysql', Driver: 'local', RW: true });
const inspect = (mounts: object[], binds: string[]) => ({ Mounts: mounts, HostConfig: { Binds: binds, Mounts: null } }) as unknown as ContainerInspectInfo;

test("Podman: -v /var/lib/mysql and the image's VOLUME are anonymous, though Binds names them", () => {
  expect(storageOf(inspect([volume(anon)], [`${anon}:/var/lib/mysql:rw,rprivate,nosuid,nodev,rbind`]), '/var/lib/mysql', 'podman')).toEqual({ kind: 'anonymous', source: anon });
  expect(storageOf(inspect([volume(anon)], [`${anon}:/var/lib/mysql:rprivate,rw,nodev,exec,nosuid,rbind`]), '/var/lib/mysql', 'podman').kind).toBe('anonymous');
  // On Docker, Binds lists only what the user typed: an old anonymous volume reused by its name is named.
  expect(storageOf(inspect([volume(anon)], [`${anon}:/var/lib/mysql`]), '/var/lib/mysql').kind).toBe('named');
});

test('Podman: a named volume and a bind mount are kept on the host', () => {
  expect(storageOf(inspect([volume('datos')], ['datos:/var/lib/mysql:rw,rprivate,nosuid,nodev,rbind']), '/var/lib/mysql', 'podman')).toEqual({ kind: 'named', source: 'datos' });
  const bind = { Type: 'bind', Source: '/home/ana/mysql-data', Destination: '/var/lib/mysql', RW: true };
  expect(storageOf(inspect([bind], ['/home/ana/mysql-data:/var/lib/mysql']), '/var/lib/mysql', 'podman')).toEqual({ kind: 'bind', source: '/home/ana/mysql-data' });
});

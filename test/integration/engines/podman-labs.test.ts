import { labSuites } from './engine-labs.js';
import { PrivatePodman } from './private-podman.js';

/**
 * Labs 1 and 2 on a real rootful Podman (`podman system service`, its Docker-compatible API),
 * driven by the docker CLI as a student with DOCKER_HOST pointing at Podman's socket drives it.
 * Podman 4.3 has no `host-gateway` for --add-host (it writes the word into /etc/hosts) and
 * names the host host.containers.internal in every container instead; its bridge is
 * cni-podman0. A Podman student types exactly that, so the cases are translated so.
 */
const podman = new PrivatePodman();
beforeAll(async () => {
  await podman.start(['mysql:5.6', 'mysql:5.7', 'mysql:latest', 'wordpress:6.1-apache', 'wordpress:6.1.1-apache', 'wordpress:latest']);
}, 600_000);
afterAll(async () => {
  await podman.remove();
});

const forPodman = (script: string) =>
  script
    .replaceAll('--add-host host.docker.internal:host-gateway ', '')
    .replaceAll('host.docker.internal', 'host.containers.internal')
    .replaceAll('docker0', 'cni-podman0');

labSuites('rootful Podman', podman, { translate: forPodman });

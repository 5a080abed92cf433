import { containerExists } from './docker/container-exists.js';
import { containerRunning } from './docker/container-running.js';
import { dataVolume } from './docker/data-volume.js';
import { envHostAddress } from './docker/env-host-address.js';
import { env } from './docker/env.js';
import { imageName } from './docker/image-name.js';
import { imagePinned } from './docker/image-pinned.js';
import { portPublished } from './docker/port-published.js';
import { httpGetPublished } from './http/get.js';
import { dataSurvivesRecreate } from './mysql/data-survives-recreate.js';
import { mysqlLogin } from './mysql/login.js';
import type { CheckKind } from './types.js';

/** Every check kind a lab.yaml may name. Adding a kind: write its file, add it here, test it. */
const kinds: CheckKind[] = [
  containerExists,
  containerRunning,
  imageName,
  imagePinned,
  env,
  envHostAddress,
  portPublished,
  dataVolume,
  mysqlLogin,
  dataSurvivesRecreate,
  httpGetPublished,
];

export const registry: ReadonlyMap<string, CheckKind> = new Map(kinds.map((k) => [k.name, k]));

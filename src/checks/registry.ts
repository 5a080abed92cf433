import { containerExists } from './docker/container-exists.js';
import { containerRunning } from './docker/container-running.js';
import { dataVolume } from './docker/data-volume.js';
import { envHostAddress } from './docker/env-host-address.js';
import { env } from './docker/env.js';
import { envNamesContainer } from './docker/env-names-container.js';
import { imageName } from './docker/image-name.js';
import { imagePinned } from './docker/image-pinned.js';
import { network } from './docker/network.js';
import { networkAttached } from './docker/network-attached.js';
import { notPublished } from './docker/not-published.js';
import { logsContain } from './docker/logs-contain.js';
import { osRelease } from './docker/os-release.js';
import { pid1Foreground } from './docker/pid1-foreground.js';
import { portPublished } from './docker/port-published.js';
import { stopGraceful } from './docker/stop-graceful.js';
import { expose } from './docker/expose.js';
import { healthy } from './docker/healthy.js';
import { imageBuilt } from './docker/image-built.js';
import { pid1 } from './docker/pid1.js';
import { userNotRoot } from './docker/user-not-root.js';
import { httpJson } from './http/json.js';
import { httpGetPublished } from './http/get.js';
import { dataSurvivesRecreate } from './mysql/data-survives-recreate.js';
import { mysqlLogin } from './mysql/login.js';
import { containerPort } from './k8s/container-port.js';
import { daemonsetNodes } from './k8s/daemonset-nodes.js';
import { daemonsetReady } from './k8s/daemonset-ready.js';
import { daemonsetSelector } from './k8s/daemonset-selector.js';
import { exists } from './k8s/exists.js';
import { headlessService } from './k8s/headless-service.js';
import { k8sMysqlLogin } from './k8s/mysql-login.js';
import { k8sMysqlSurvives } from './k8s/mysql-survives.js';
import { secretEnv } from './k8s/secret-env.js';
import { statefulsetReady } from './k8s/statefulset-ready.js';
import { statefulsetStorage } from './k8s/statefulset-storage.js';
import { imagePinned as k8sImagePinned } from './k8s/image-pinned.js';
import { manifestMatches } from './k8s/manifest-matches.js';
import { notInDefault } from './k8s/not-in-default.js';
import { podHttp } from './k8s/pod-http.js';
import { podImage } from './k8s/pod-image.js';
import { podPhase } from './k8s/pod-phase.js';
import { readinessProbe } from './k8s/readiness-probe.js';
import { replicas } from './k8s/replicas.js';
import { serviceEndpoints } from './k8s/service-endpoints.js';
import { serviceHttp } from './k8s/service-http.js';
import { serviceSelector } from './k8s/service-selector.js';
import { spread } from './k8s/spread.js';
import { configMapKey } from './k8s/configmap-key.js';
import { initCompleted } from './k8s/init-completed.js';
import { initSharesVolume } from './k8s/init-shares-volume.js';
import { initUsesConfigMap } from './k8s/init-uses-configmap.js';
import { podImagesPinned } from './k8s/pod-images-pinned.js';
import { servesConfigMapValue } from './k8s/serves-configmap-value.js';
import { workloadExists } from './k8s/workload-exists.js';
import { helmRelease } from './k8s/helm-release.js';
import { helmChartLabel } from './k8s/helm-chart-label.js';
import { helmChart } from './k8s/helm-chart.js';
import { workloadImage } from './k8s/workload-image.js';
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
  network,
  networkAttached,
  envNamesContainer,
  notPublished,
  logsContain,
  pid1Foreground,
  osRelease,
  stopGraceful,
  mysqlLogin,
  dataSurvivesRecreate,
  httpGetPublished,
  imageBuilt,
  expose,
  userNotRoot,
  pid1,
  healthy,
  httpJson,
  exists,
  notInDefault,
  podPhase,
  podImage,
  k8sImagePinned,
  containerPort,
  podHttp,
  manifestMatches,
  daemonsetSelector,
  daemonsetNodes,
  daemonsetReady,
  // lab 8 (deployment)
  replicas,
  spread,
  readinessProbe,
  serviceSelector,
  serviceEndpoints,
  serviceHttp,
  // Lab 10: a Pod or Deployment whose init container writes the page from a ConfigMap.
  workloadExists,
  podImagesPinned,
  configMapKey,
  initUsesConfigMap,
  initSharesVolume,
  initCompleted,
  servesConfigMapValue,
  // Lab 9: MySQL as a StatefulSet with a claim per Pod and passwords from a Secret.
  headlessService,
  statefulsetStorage,
  secretEnv,
  statefulsetReady,
  k8sMysqlLogin,
  k8sMysqlSurvives,
  // Lab 12: my web as a Helm chart, installed as release miweb.
  helmRelease,
  helmChartLabel,
  workloadImage,
  helmChart,
];

export const registry: ReadonlyMap<string, CheckKind> = new Map(kinds.map((k) => [k.name, k]));

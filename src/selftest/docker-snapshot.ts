import type Docker from 'dockerode';

/** What the engine holds at one moment: what a case makes is whatever is new since. */
export interface EngineSnapshot {
  containers: Set<string>;
  volumes: Set<string>;
  /** Tags present then: variants tag stand-ins under other names (mariadb:10.6, a mirror's copy). */
  tags: Set<string>;
  networks: Set<string>;
  /** Image ids: cases that build images (lab 6) leave them, and the legacy builder each step's image. */
  images: Set<string>;
  /** tag → image id, so that a tag a case moved (clasificador:1.0) goes back to the image it named. */
  tagged: Map<string, string>;
}

type StatusError = { statusCode?: number };
const tagsOf = (images: Docker.ImageInfo[]) => images.flatMap((i) => (i.RepoTags ?? []).filter((t) => !t.startsWith('<none>')).map((t) => [t, i.Id] as const));

export async function snapshot(docker: Docker): Promise<EngineSnapshot> {
  const containers = new Set((await docker.listContainers({ all: true })).map((c) => c.Id));
  const volumes = new Set(((await docker.listVolumes()).Volumes ?? []).map((v) => v.Name));
  const networks = new Set((await docker.listNetworks()).map((n) => n.Id));
  const tagged = new Map(tagsOf(await docker.listImages()));
  const images = new Set((await docker.listImages({ all: true })).map((i) => i.Id));
  return { containers, volumes, tags: new Set(tagged.keys()), networks, images, tagged };
}

/** Removes what is new since `keep` (containers, volumes, networks, tags, built images) and puts moved tags back. */
export async function removeAllBut(docker: Docker, keep: EngineSnapshot): Promise<void> {
  const unless = (...codes: number[]) => (err: StatusError) => {
    if (!codes.includes(err.statusCode ?? 0)) throw err;
  };
  for (const c of await docker.listContainers({ all: true })) {
    if (!keep.containers.has(c.Id)) await docker.getContainer(c.Id).remove({ force: true, v: true }).catch(unless(404));
  }
  for (const v of (await docker.listVolumes()).Volumes ?? []) {
    if (!keep.volumes.has(v.Name)) await docker.getVolume(v.Name).remove().catch(() => undefined);
  }
  // After the containers: a network still in use cannot be removed.
  for (const n of await docker.listNetworks()) {
    if (!keep.networks.has(n.Id)) await docker.getNetwork(n.Id).remove().catch(unless(404));
  }
  const now = tagsOf(await docker.listImages());
  // Untag only (no force): the image itself keeps its other names.
  for (const [t] of now) {
    if (!keep.tags.has(t)) await docker.getImage(t).remove({ noprune: true }).catch(unless(404));
  }
  for (const [t, id] of now) {
    const was = keep.tagged.get(t);
    if (was && was !== id) await docker.getImage(was).tag({ repo: t.slice(0, t.lastIndexOf(':')), tag: t.slice(t.lastIndexOf(':') + 1) });
  }
  // An image built during the run, untagged by now: removed with the untagged parents it leaves (404: already gone
  // with its child; 409: a child not removed yet still needs it, and goes later in this loop, taking it along).
  for (const i of await docker.listImages({ all: true })) {
    if (!keep.images.has(i.Id)) await docker.getImage(i.Id).remove().catch(unless(404, 409));
  }
}

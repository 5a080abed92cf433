/** A reference's name, tag and digest: `name[:tag][@digest]`; a colon before the last `/` is a registry's port. */
function splitRef(ref: string): { name: string; tag?: string; digest?: string } {
  let name = ref.trim();
  let digest: string | undefined;
  const at = name.indexOf('@');
  if (at >= 0) {
    digest = name.slice(at + 1);
    name = name.slice(0, at);
  }
  let tag: string | undefined;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  return { name, tag, digest };
}

export type PinProblem = 'no-tag' | 'latest' | undefined;

/** Why an image reference is not pinned to a version, or undefined when it is. */
export function pinProblem(ref: string): PinProblem {
  const { tag, digest } = splitRef(ref);
  if (digest) return undefined;
  if (!tag) return 'no-tag';
  if (tag === 'latest') return 'latest';
  return undefined;
}

/** Docker Hub, as Docker normalises it; index.docker.io and registry-1.docker.io are the same registry. */
export const DOCKER_HUB = 'docker.io';
const HUB_ALIASES = new Set([DOCKER_HUB, 'index.docker.io', 'registry-1.docker.io']);

/** A reference as Docker's distribution/reference `ParseNormalizedNamed` reads it. */
export interface NormalizedRef {
  /** The registry: `docker.io` unless the first component has a `.` or `:`, is `localhost`, or has capitals. */
  domain: string;
  /** The repository's path on that registry, `library/mysql` for Docker Hub's official `mysql`. */
  path: string;
  tag?: string;
  digest?: string;
}

export function normalizeImageRef(ref: string): NormalizedRef {
  const { name: rest, tag, digest } = splitRef(ref);
  const slash = rest.indexOf('/');
  const first = rest.slice(0, Math.max(slash, 0));
  let domain = DOCKER_HUB;
  let path = rest;
  if (slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first)) {
    domain = first.toLowerCase();
    path = rest.slice(slash + 1);
  }
  if (domain === 'index.docker.io') domain = DOCKER_HUB;
  if (domain === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  return { domain, path, tag, digest };
}

/** Any registry, in a `docker.image-name` check's `registries`. */
export const ANY_REGISTRY = '*';

const sameRegistry = (a: string, b: string) => {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x === y || (HUB_ALIASES.has(x) && HUB_ALIASES.has(y));
};

/**
 * Whether `ref` is `repository` (spelt as on Docker Hub: `mysql` is the official image
 * `library/mysql`, `bitnami/mysql` a user's) on one of `registries`. Another registry's copy
 * keeps Docker Hub's path (`mirror.gcr.io/library/mysql`), maybe under a proxy's project
 * (`harbor.example/hub/library/mysql`); `evil.example/mysql` and `someuser/mysql` are other images.
 */
export function isRepository(ref: string, repository: string, registries: readonly string[] = [ANY_REGISTRY]): boolean {
  const { domain, path } = normalizeImageRef(ref);
  const wanted = repository.includes('/') ? repository : `library/${repository}`;
  const samePath = path === wanted || (domain !== DOCKER_HUB && path.endsWith(`/${wanted}`));
  return samePath && registries.some((r) => r === ANY_REGISTRY || sameRegistry(r, domain));
}

/**
 * Whether `ref` is one of `names`: images a project publishes under its own registry and path
 * (registry.fedoraproject.org/fedora, quay.io/fedora/fedora), compared by registry and path,
 * whatever the tag or digest.
 */
export function isOneOf(ref: string, names: readonly string[]): boolean {
  const { domain, path } = normalizeImageRef(ref);
  return names.some((n) => {
    const want = normalizeImageRef(n);
    return sameRegistry(want.domain, domain) && want.path === path;
  });
}

/**
 * Whether a container's `Config.Image` is the ID (full or short) of the image it runs rather
 * than a name: `docker run 42be05df890a`. Then only the image's own tags and digests name it.
 */
export function isImageId(configImage: string, imageId: string): boolean {
  const hex = configImage.trim().replace(/^sha256:/, '');
  return /^[0-9a-f]{4,64}$/.test(hex) && imageId.replace(/^sha256:/, '').startsWith(hex);
}

/** Why an image known only by its tags and digests is not pinned to a version, or undefined when it is. */
export function pinProblemOfImage(repoTags: readonly string[], repoDigests: readonly string[]): PinProblem {
  repoTags = repoTags.filter((t) => !t.startsWith('<none>'));
  if (repoDigests.some((d) => !d.startsWith('<none>'))) return undefined;
  if (repoTags.some((t) => !pinProblem(t))) return undefined;
  return repoTags.length > 0 ? 'latest' : 'no-tag';
}

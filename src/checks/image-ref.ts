/** A container image reference split the way Docker and Kubernetes read it. */
export interface ImageRef {
  registry?: string;
  /** Path without registry and without Docker Hub's `library/`, e.g. `mysql` or `bitnami/mysql`. */
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImageRef(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const parts = rest.split('/');
  let registry: string | undefined;
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) registry = parts.shift();
  let last = parts[parts.length - 1];
  let tag: string | undefined;
  const colon = last.lastIndexOf(':');
  if (colon >= 0) {
    tag = last.slice(colon + 1);
    last = last.slice(0, colon);
    parts[parts.length - 1] = last;
  }
  if (parts.length > 1 && parts[0] === 'library' && (!registry || /(^|\.)docker\.io$/.test(registry))) parts.shift();
  return { registry, repository: parts.join('/'), tag, digest };
}

export type PinProblem = 'no-tag' | 'latest' | undefined;

/** Why an image reference is not pinned to a version, or undefined when it is. */
export function pinProblem(ref: string): PinProblem {
  const { tag, digest } = parseImageRef(ref);
  if (digest) return undefined;
  if (!tag) return 'no-tag';
  if (tag === 'latest') return 'latest';
  return undefined;
}

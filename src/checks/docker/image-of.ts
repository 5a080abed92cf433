import type { ContainerInspectInfo } from 'dockerode';
import { isImageId } from '../image-ref.js';
import type { CheckContext } from '../types.js';

/** What names a container's image: the reference it was created with, or, when that was an image ID, the image's own tags and digests. */
export type ImageNames =
  | { byId: false; ref: string }
  | { byId: true; id: string; tags: string[]; digests: string[] };

export async function imageNamesOf(ctx: CheckContext, info: ContainerInspectInfo): Promise<ImageNames> {
  const ref = info.Config.Image;
  if (!isImageId(ref, info.Image)) return { byId: false, ref };
  const image = await (await ctx.docker()).image(info.Image);
  const real = (names: string[] | null | undefined) => (names ?? []).filter((n) => !n.startsWith('<none>'));
  return { byId: true, id: shortId(info.Image), tags: real(image?.RepoTags), digests: real(image?.RepoDigests) };
}

export const shortId = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12);

/** The names of an image run by ID, for a message: its tags, else its digests. */
export const namesText = (names: { tags: string[]; digests: string[] }, none: string): string =>
  [...names.tags, ...(names.tags.length ? [] : names.digests)].join(', ') || none;

import type { Translator } from '../../i18n/index.js';
import { fail, pass, type CheckKind } from '../types.js';
import { manifestObjects } from './manifest.js';
import { isOutcome, MANIFEST_KINDS, requireObject, workloadParams, type WorkloadRef } from './objects.js';
import { manifestMismatches, type Mismatch } from './subset.js';

const SHOWN = 20;

const show = (x: unknown): string => {
  const text = typeof x === 'string' ? x : JSON.stringify(x);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
};

/** One line per difference, with the field's path: what the manifest says and what is live. */
export function describeMismatch(m: Mismatch, t: Translator): string {
  if (m.kind === 'item') return t('manifest.diffItem', { path: m.path, want: show(m.want), got: m.got.length ? m.got.map(show).join(', ') : '∅' });
  return t('manifest.diffValue', { path: m.path, want: show(m.want), got: m.got === undefined ? t('manifest.unset') : show(m.got) });
}

/** With --manifest: the student's YAML parses, has the right kind and apiVersion, and every field it sets is live. */
export const manifestMatches: CheckKind<WorkloadRef> = {
  name: 'k8s.manifest-matches',
  needsManifest: true,
  paramsSchema: workloadParams,
  async run(ctx, ref) {
    const objects = manifestObjects(ctx)!;
    const file = ctx.options.manifest!;
    const yamlError = objects.find((o) => o.__yamlError);
    if (yamlError) return fail(ctx.t('manifest.yaml', { file, reason: yamlError.__yamlError }));
    const want = MANIFEST_KINDS[ref.kind];
    const candidates = objects.filter((o) => o.kind === want.kind);
    const manifest = candidates.find((o) => o.metadata?.name === ref.name) ?? candidates[0];
    const expected = `kind: ${want.kind}, apiVersion: ${want.apiVersion}`;
    if (!manifest) {
      return fail(ctx.t('manifest.noKind', { file, kind: want.kind }), { expected, actual: objects.map((o) => `${o.kind ?? '?'}/${o.metadata?.name ?? '?'}`).join(', ') || '∅' });
    }
    if (manifest.apiVersion !== want.apiVersion) {
      return fail(ctx.t('manifest.apiVersion', { file, kind: want.kind, apiVersion: want.apiVersion }), { expected, actual: `apiVersion: ${manifest.apiVersion}` });
    }
    const live = await requireObject(ctx, ref);
    if (isOutcome(live)) return live;
    const diffs = manifestMismatches(manifest, live as Record<string, unknown>, ctx.namespace);
    if (diffs.length === 0) return pass(ctx.t('manifest.matches', { file }));
    const lines = diffs.slice(0, SHOWN).map((m) => describeMismatch(m, ctx.t));
    if (diffs.length > SHOWN) lines.push(ctx.t('manifest.more', { count: diffs.length - SHOWN }));
    return fail(ctx.t('manifest.differs', { file, count: diffs.length }), { expected: ctx.t('manifest.expected'), actual: lines.join('\n'), hint: ctx.t('manifest.applyHint', { file }) });
  },
};

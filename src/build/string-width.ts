// string-width for the one-file build (write-bundle.ts says why): columns a string takes in a
// terminal, without Intl.Segmenter. Combining marks and zero-width characters take none; East
// Asian wide characters and emoji two.
const ANSI = /\u001b\[[0-9;]*m|\u001b\]8;[^\u0007\u001b]*(\u0007|\u001b\\)/g;
const NONE = /[\p{M}\p{Cf}\p{Cc}]/u;
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u;

export default function stringWidth(text: string): number {
  let width = 0;
  for (const c of text.replace(ANSI, '')) width += NONE.test(c) ? 0 : WIDE.test(c) ? 2 : 1;
  return width;
}

// How `lab watch` shows its verdicts: a checklist redrawn in place on a terminal, one line per
// change elsewhere. The frames are pure functions of the state, unit-tested without a terminal.
import type { Translator } from '../i18n/index.js';
import { gradeStateOf, type CheckResult, type GradeState, type LabResult } from '../runner/result.js';
import { labHeading } from '../report/summary.js';

export type WatchState = GradeState | 'settling';

export interface LabView {
  result: LabResult;
  settling: ReadonlySet<string>;
}

export interface Frame {
  labs: LabView[];
  /** Set while a target cannot be reached: what and why, and since when the verdicts stand. */
  lost?: { target: string; reason: string; since: Date };
  updated: Date;
}

const MARKS: Record<WatchState, string> = { pass: '✔', fail: '✘', error: '!', blocked: '⊘', ungraded: '○', optional: '○', settling: '⧗' };
const COLORS: Record<WatchState, number> = { pass: 32, fail: 31, error: 33, blocked: 31, ungraded: 90, optional: 90, settling: 36 };

export const stateOf = (c: CheckResult, settling: ReadonlySet<string>): WatchState => (settling.has(c.id) && c.status !== 'pass' ? 'settling' : gradeStateOf(c));
const clock = (d: Date) => d.toTimeString().slice(0, 8);

/** The score line: points, how many checks are settling, when it was last graded. */
export function scoreLine(views: LabView[], t: Translator, updated: Date): string {
  const score = views.reduce((n, v) => n + v.result.score, 0);
  const max = views.reduce((n, v) => n + v.result.maxScore, 0);
  const settling = views.reduce((n, v) => n + v.result.checks.filter((c) => stateOf(c, v.settling) === 'settling').length, 0);
  return [t('watch.score', { score, max }), settling ? t('watch.settlingCount', { count: settling }) : '', t('watch.updated', { time: clock(updated) })].filter(Boolean).join(' · ');
}

/** The whole checklist, as a terminal shows it (no line longer than `width`, so lines can be counted to redraw them). */
export function renderFrame(frame: Frame, t: Translator, color: boolean, width = 100, compact = false): string[] {
  const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const fit = (text: string) => (text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text);
  const out: string[] = [];
  if (frame.lost) out.push(paint(33, fit(t('watch.lost', { target: frame.lost.target, reason: frame.lost.reason, time: clock(frame.lost.since) }))), '');
  for (const { result, settling } of frame.labs) {
    out.push(paint(1, fit(labHeading(result, t))));
    if (result.error) out.push(paint(33, fit(`  ! ${result.error}`)));
    const idWidth = Math.max(...result.checks.map((c) => c.id.length));
    for (const c of result.checks) {
      const state = stateOf(c, settling);
      const label = state === 'settling' ? ` (${t('watch.state.settling')})` : '';
      out.push(`  ${paint(COLORS[state], MARKS[state])} ${fit(`${c.id.padEnd(idWidth)}  ${c.title}${label}`).slice(0, width - 4)}`);
      if (state === 'pass' || state === 'optional' || compact) continue;
      // One line of why, and one of what to do: the rest is in lab check.
      const why = [c.message, c.hint?.split('\n')[0] && `${t('report.hint')}: ${c.hint.split('\n')[0]}`].filter((s): s is string => !!s);
      for (const line of why) out.push(paint(90, fit(`      ${line.split('\n')[0]}`)));
    }
    out.push('');
  }
  out.push(paint(1, fit(scoreLine(frame.labs, t, frame.updated))), paint(90, fit(t('watch.quit'))));
  return out;
}

/** Lines for what changed between two grades of a lab, for a log or a pipe. */
export function changeLines(before: LabView | undefined, after: LabView, t: Translator, at: Date): string[] {
  const out: string[] = [];
  const old = new Map(before?.result.checks.map((c) => [c.id, stateOf(c, before.settling)]));
  for (const c of after.result.checks) {
    const from = old.get(c.id);
    const to = stateOf(c, after.settling);
    if (from === to) continue;
    const what = t('watch.change', { time: clock(at), lab: after.result.id, check: c.id, from: from ? t(`watch.state.${from}`) : '∅', to: t(`watch.state.${to}`) });
    out.push(to === 'pass' || !c.message ? what : `${what}: ${c.message.split('\n')[0]}`);
  }
  if (!before || before.result.score !== after.result.score || before.result.maxScore !== after.result.maxScore || out.length) {
    out.push(`${clock(at)} ${t('report.lab')} ${after.result.id}: ${scoreLine([after], t, at)}`);
  }
  return out;
}

/** A checklist redrawn in place: the cursor is hidden while it runs and shown again by close(). */
export class TerminalView {
  private drawn = 0;

  constructor(private readonly out: NodeJS.WriteStream, private readonly t: Translator) {
    out.write('\x1b[?25l');
  }

  draw(frame: Frame): void {
    const width = Math.max(20, (this.out.columns || 100) - 1);
    const rows = this.out.rows || 24;
    let lines = renderFrame(frame, this.t, true, width);
    // Taller than the terminal, a frame could not be redrawn in place: without the details first,
    // then from the top of the screen, the score line always kept.
    if (lines.length >= rows) lines = renderFrame(frame, this.t, true, width, true);
    if (lines.length >= rows) {
      const tail = lines.slice(-2);
      this.out.write(`\x1b[H\x1b[J${[...lines.slice(0, rows - 3), ...tail].join('\n')}\n`);
      this.drawn = rows - 1;
      return;
    }
    // Up to where the last frame began, clear to the end, draw the new one.
    const up = this.drawn ? `\x1b[${this.drawn}F` : '';
    this.out.write(`${up}\x1b[J${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }

  close(): void {
    this.out.write('\x1b[0m\x1b[?25h');
  }
}

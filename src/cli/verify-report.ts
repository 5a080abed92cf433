import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { UserError, errorReason } from '../errors.js';
import type { Translator } from '../i18n/index.js';
import { audit, type Audited, type Finding, type ReportEntry } from '../report/audit.js';
import { verifyToken } from '../report/exam.js';
import { verifyReport, type SigningKey, type Verdict } from '../report/sign.js';
import type { Trace } from '../report/trace.js';
import { readRoster } from './grade.js';
import { readKeyFile } from './report-output.js';
import type { GlobalArgs } from './context.js';
import { readExamToken } from './trace-options.js';

type Args = GlobalArgs & { report: string[]; key: string; signature?: string; roster?: string; since?: string; nonce?: string; examToken?: string };

const read = (file: string, t: Translator): Buffer => {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new UserError(t('sign.unreadable', { file, reason: errorReason(err) }), err);
  }
};

/**
 * One report: its signature on one line, then what it was graded on. Several (files or folders of
 * `.json`), or --roster: a table of the class and one line per thing to look at.
 * Exit 0 when every signature holds and nothing is flagged; 1 when a report was changed, is
 * unsigned, or is flagged (shared engine or cluster, objects older than the class, wrong nonce,
 * outside the exam window, missing); 2 for usage errors.
 */
export const verifyReportCommand = (t: Translator): CommandModule<GlobalArgs, Args> => ({
  command: 'verify-report <report..>',
  describe: t('help.verifyReport'),
  builder: (y) =>
    y
      .positional('report', { type: 'string', array: true, demandOption: true, describe: t('help.report') })
      .option('key', { type: 'string', demandOption: true, describe: t('help.key') })
      .option('signature', { type: 'string', describe: t('help.signatureFile') })
      .option('roster', { type: 'string', describe: t('help.verifyRoster') })
      .option('since', { type: 'string', describe: t('help.since') })
      .option('nonce', { type: 'string', describe: t('help.verifyNonce') })
      .option('exam-token', { type: 'string', describe: t('help.verifyExamToken') }) as never,
  handler(args) {
    const key = readKeyFile(args.key, t);
    const files = args.report.flatMap((r) => reportFiles(String(r), t));
    if (args.signature && files.length !== 1) throw new UserError(t('verify.signatureOne'));
    const roster = args.roster ? readRoster(t, args.roster) : undefined;
    const since = args.since === undefined ? undefined : new Date(args.since);
    if (since && Number.isNaN(since.getTime())) throw new UserError(t('exam.badTime', { time: String(args.since) }));
    const exam = args.examToken === undefined ? undefined : readExamToken(args.examToken, t);
    if (exam && verifyToken(exam.token, key) !== 'valid') throw new UserError(t('verify.examTokenInvalid'));
    const entries = files.map((file) => entry(file, key, args.signature, t));
    const { reports, missing } = audit(entries, {
      roster,
      since: since ?? (exam ? new Date(exam.window.start) : undefined),
      nonce: args.nonce ?? exam?.window.nonce,
      examToken: exam?.token,
      verifyToken: (token) => verifyToken(token, key),
    });
    // Alone and with nothing to compare against, a report with no trace is no problem (an older one).
    const alone = reports.length === 1 && !roster && args.nonce === undefined && !since && !exam;
    const flagged = (r: Audited) => r.findings.filter((f) => !(alone && f.kind === 'no-trace'));
    const out: string[] = [];
    if (alone) {
      const r = reports[0];
      out.push(verdictLine(r.file, r.verdict, args.signature ?? `${r.file}.sig`, t));
      // What a changed report says it was graded on is worth nothing: only the verdict then.
      if (r.verdict.valid && r.trace) out.push(...traceLines(r.trace, t));
      if (r.verdict.valid) for (const f of flagged(r)) out.push(`  ! ${findingText(f, t)}`);
    } else {
      const rows = reports.map((r) => [r.studentId, r.file, t(r.verdict.valid ? 'verify.colValid' : 'verify.colInvalid'), gradedOn(r.trace), r.trace?.gradedAt ?? '-', flagged(r).length ? String(flagged(r).length) : '-']);
      out.push(...table([[t('verify.colStudent'), t('verify.colReport'), t('verify.colSignature'), t('verify.colGradedOn'), t('verify.colGradedAt'), t('verify.colFlags')], ...rows]));
      for (const r of reports) {
        if (!r.verdict.valid) out.push(verdictLine(r.file, r.verdict, `${r.file}.sig`, t));
        for (const f of flagged(r)) if (f.kind !== 'signature') out.push(`${r.studentId} (${r.file}): ${findingText(f, t)}`);
      }
      for (const s of missing) out.push(t('verify.noReport', { student: s.student, namespace: s.namespace }));
      const bad = reports.filter((r) => flagged(r).length).length + missing.length;
      out.push(bad ? t('verify.summaryBad', { bad, total: reports.length + missing.length }) : t('verify.summaryGood', { total: reports.length }));
    }
    process.stdout.write(`${out.join('\n')}\n`);
    if (reports.some((r) => flagged(r).length) || missing.length) process.exitCode = 1;
  },
});

/** A report file, or every `.json` in a folder. */
function reportFiles(path: string, t: Translator): string[] {
  let dir = false;
  try {
    dir = statSync(path).isDirectory();
  } catch (err) {
    throw new UserError(t('sign.unreadable', { file: path, reason: errorReason(err) }), err);
  }
  if (!dir) return [path];
  const found = readdirSync(path).filter((f) => f.toLowerCase().endsWith('.json')).sort().map((f) => join(path, f));
  if (found.length === 0) throw new UserError(t('verify.emptyFolder', { folder: path }));
  return found;
}

function entry(file: string, key: SigningKey, signature: string | undefined, t: Translator): ReportEntry {
  const report = read(file, t);
  const sigFile = signature ?? `${file}.sig`;
  // The signature inside the report wins unless one is named; REPORT.sig is only the fallback.
  const parsed = parse(report);
  const embedded = !signature && parsed?.signature !== undefined;
  const detached = signature || (!embedded && existsSync(sigFile)) ? read(sigFile, t).toString('utf8') : undefined;
  const trace = parsed?.trace && typeof parsed.trace === 'object' ? (parsed.trace as Trace) : undefined;
  return { file, verdict: verifyReport(report, key, detached), ...(trace ? { trace: { ...trace, objects: Array.isArray(trace.objects) ? trace.objects : [] } } : {}), ...(typeof parsed?.student === 'string' ? { student: parsed.student } : {}) };
}

function parse(report: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(report.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function verdictLine(file: string, verdict: Verdict, sigFile: string, t: Translator): string {
  if (verdict.valid) return t('verify.valid', { file, alg: verdict.alg, keyId: verdict.keyId });
  return {
    unsigned: () => t('verify.unsigned', { file, sig: sigFile }),
    malformed: () => t('verify.malformed', { file }),
    changed: () => t('verify.changed', { file }),
    'other-key': () => t('verify.otherKey', { file, alg: verdict.alg ?? '?', keyId: verdict.keyId ?? '?' }),
  }[verdict.reason]();
}

const short = (id: string) => (id.length > 16 ? `${id.slice(0, 16)}…` : id);

function gradedOn(trace: Trace | undefined): string {
  if (!trace) return '-';
  const on = [trace.engine && `engine ${short(trace.engine.identity)}`, trace.cluster && `cluster ${short(trace.cluster.identity.split('/')[0])} ${trace.cluster.namespaces.join(',')}`];
  return on.filter(Boolean).join('; ') || '-';
}

function traceLines(trace: Trace, t: Translator): string[] {
  const lines = [t('verify.gradedAt', { at: trace.gradedAt })];
  const e = trace.engine;
  if (e) lines.push(t('verify.engine', { id: e.id ?? e.identity, name: e.name ?? '?', endpoint: e.endpoint }));
  const c = trace.cluster;
  if (c) lines.push(t('verify.cluster', { uid: c.kubeSystemUid ?? `? (${c.error ?? ''})`, server: c.server, namespaces: c.namespaces.join(', ') || '-' }));
  lines.push(t('verify.objects', { count: trace.objects.length }));
  for (const o of trace.objects) lines.push(`      ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}  ${o.created ?? '?'}`);
  if (trace.nonce !== undefined) lines.push(t('verify.nonce', { nonce: trace.nonce }));
  if (trace.exam) lines.push(t(trace.exam.inside ? 'verify.examInside' : 'verify.examOutside', { start: trace.exam.start, end: trace.exam.end }));
  return lines.map((l) => `  ${l}`);
}

function findingText(f: Finding, t: Translator): string {
  switch (f.kind) {
    case 'signature': return t('verify.flagSignature');
    case 'no-trace': return t('verify.flagNoTrace');
    case 'unknown-student': return t('verify.flagUnknownStudent');
    case 'foreign-namespace': return t('verify.flagForeignNamespace', { namespace: f.namespace, owner: f.owner });
    case 'shared': return t(f.what === 'engine' ? 'verify.flagSharedEngine' : 'verify.flagSharedCluster', { identity: f.identity, others: f.others.join(', ') });
    case 'before-start': return t('verify.flagBeforeStart', { count: f.count, since: f.since, first: f.first, created: f.created });
    case 'nonce-missing': return t('verify.flagNonceMissing');
    case 'nonce-wrong': return t('verify.flagNonceWrong', { nonce: f.nonce });
    case 'exam-token': return t('verify.flagExamToken');
    case 'exam-outside': return t('verify.flagExamOutside', { gradedAt: f.gradedAt, start: f.start, end: f.end });
    case 'exam-missing': return t('verify.flagExamMissing');
  }
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...r[i]].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd());
}

export interface Row {
  suite: string;
  what: string;
  medianMs: number;
  baseline?: string;
  baselineMs?: number;
  /** medianMs / baselineMs: below 1 is faster than the baseline. */
  ratio?: number;
  target?: { kind: 'ratio' | 'delta' | 'ms'; value: number; text: string };
  met?: boolean;
  /** API requests one run made (audit log), and its baseline's. */
  requests?: number;
  baselineRequests?: number;
  /** lab grade: the requests by "verb resource[/namespace]". */
  requestKinds?: Record<string, number>;
  peakKiB?: number;
  students?: number;
  /** Anything else measured (a file's size). */
  note?: string;
  /** Runs that did not exit as measured (a check that should pass and did not, …). */
  unexpected?: string[];
}

const ms = (x?: number) => (x === undefined ? '' : `${x.toFixed(0)} ms`);

export function printTable(rows: Row[], runs: number): void {
  const cells = rows.map((r) => [
    r.suite,
    r.what,
    ms(r.medianMs),
    r.baseline ?? '',
    ms(r.baselineMs),
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
    [r.requests === undefined ? '' : `${r.requests}${r.baselineRequests === undefined ? '' : ` vs ${r.baselineRequests}`} req`, r.peakKiB ? `${(r.peakKiB / 1024).toFixed(0)} MiB` : '']
      .concat(r.note ?? '')
      .filter(Boolean)
      .join(', '),
    r.target ? `${r.target.text} ${r.met ? '✔' : '✘'}` : '',
  ]);
  const head = ['suite', 'what', 'median', 'baseline', 'median', 'ratio', 'requests, memory, size', 'target'];
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const right = new Set([2, 4, 5]);
  const line = (c: string[]) => c.map((x, i) => (right.has(i) ? x.padStart(width[i]) : x.padEnd(width[i]))).join('  ').trimEnd();
  console.log(`median of ${runs} runs each, commands interleaved run by run\n`);
  console.log(line(head));
  for (const c of cells) console.log(line(c));
  for (const r of rows) for (const u of r.unexpected ?? []) console.log(`! ${r.what}: ${u}`);
  for (const r of rows.filter((x) => x.requestKinds)) {
    console.log(`  ${r.what}: ${Object.entries(r.requestKinds!).map(([k, n]) => (n > 1 ? `${n} × ${k}` : k)).join(', ')}`);
  }
}

import type { GradebookRow } from '../class/grade-class.js';
import { translator, type Lang, type Translator } from '../i18n/index.js';
import type { GradeState, RunResult } from '../runner/result.js';
import { boardOf, type Board, type BoardCell, type BoardStudent } from './board.js';
import type { Reporter } from './types.js';

export interface BoardPageOptions {
  lang: Lang;
  /** When it was graded (ISO); shown on a static page. */
  generatedAt?: string;
  /** Served by `lab serve`: the page follows the server's event stream. */
  live?: boolean;
  /** What the status line says at first (served: "grading…"); the grading time otherwise. */
  status?: string;
  /** Links to download the gradebook as it stands (data: URLs in a static file, paths when served). */
  downloads?: { csv: string; json: string };
}

const MARKS: Record<GradeState, string> = { pass: '✓', fail: '✗', error: '!', blocked: '⊘', ungraded: '○', optional: '–' };

const esc = (s: string | number) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** An element id from a student's key: namespaces are DNS labels, a kubeconfig context may be anything. */
export const studentId = (key: string) => `student-${key.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;

/**
 * The board as HTML: progress bars, the grid and every student's detail. `lab serve` sends this
 * again whenever the class changes, so the page swaps it in place (no reload).
 */
export function boardBody(board: Board, lang: Lang): string {
  const t = translator(lang);
  const out: string[] = [];
  out.push(`<section aria-labelledby="progress-h"><h2 id="progress-h">${esc(t('board.progress'))}</h2><ol class="bars">`);
  for (const c of board.columns) {
    const pct = c.students ? Math.round((100 * c.passed) / c.students) : 0;
    const text = t('board.have', { passed: c.passed, students: c.students, check: c.check });
    out.push(
      `<li data-col="${esc(c.key)}"><span class="bar-name" title="${esc(c.title)}">${esc(c.check)}${board.labs.length > 1 ? ` <small>(${esc(c.lab)})</small>` : ''}</span>` +
        `<span class="bar" aria-hidden="true"><span style="width:${pct}%"></span></span><span class="bar-text">${esc(text)}</span></li>`,
    );
  }
  out.push('</ol></section>');

  out.push(`<section aria-labelledby="grid-h"><h2 id="grid-h">${esc(t('board.grid'))}</h2>`);
  if (board.students.length === 0) out.push(`<p>${esc(t('board.noStudents'))}</p>`);
  else {
    out.push(`<div class="scroll"><table id="grid"><caption>${esc(t('board.gridCaption'))}</caption><thead><tr>`);
    out.push(`<th scope="col">${esc(t('board.student'))}</th><th scope="col">${esc(t('board.score'))}</th>`);
    for (const c of board.columns) out.push(`<th scope="col" title="${esc(c.title)}"><span class="col-name">${esc(c.check)}</span></th>`);
    out.push('</tr></thead><tbody>');
    for (const s of board.students) {
      const id = studentId(s.key);
      out.push(`<tr data-student="${esc(s.key)}"><th scope="row"><a href="#${id}">${esc(s.student)}</a></th><td class="score">${s.score}/${s.maxScore}</td>`);
      for (const c of board.columns) out.push(cell(s, c.key, id, t));
      out.push('</tr>');
    }
    out.push('</tbody></table></div>');
  }
  out.push('</section>');

  out.push(`<section aria-labelledby="details-h" class="details"><h2 id="details-h">${esc(t('board.details'))}</h2><p class="help">${esc(t('board.detailsHelp'))}</p>`);
  for (const s of board.students) out.push(detail(s, t));
  out.push('</section>');
  return out.join('');
}

function cell(s: BoardStudent, col: string, id: string, t: Translator): string {
  const c = s.cells[col];
  if (!c) return '<td class="c none"></td>';
  const state = t(`report.state.${c.state}`);
  const tip = c.state === 'pass' ? state : [state, c.message].filter(Boolean).join(': ');
  return `<td class="c ${c.state}" data-col="${esc(col)}" data-href="#${id}" data-state="${c.state}" tabindex="-1" title="${esc(tip)}"><span aria-hidden="true">${MARKS[c.state]}</span><span class="sr">${esc(state)}</span></td>`;
}

function detail(s: BoardStudent, t: Translator): string {
  const id = studentId(s.key);
  const out = [`<article id="${id}" class="student" tabindex="-1" aria-labelledby="${id}-h"><h3 id="${id}-h">${esc(s.student)} <small>${[s.namespace === s.student ? '' : esc(s.namespace), s.context ? esc(s.context) : '', `${s.score}/${s.maxScore}`].filter(Boolean).join(' · ')}</small></h3>`];
  for (const e of s.errors) out.push(`<p class="lab-error">${esc(t('board.labError', { reason: e }))}</p>`);
  // In the lab's own order, as the student reads their checklist: the first failure explains the blocked ones after it.
  const notPassed = Object.values(s.cells).filter((c) => c.state !== 'pass' && c.state !== 'optional');
  if (notPassed.length === 0) out.push(`<p class="ok">${esc(t('board.allPassed'))}</p>`);
  else {
    out.push('<ul class="checks">');
    for (const c of notPassed) out.push(checkItem(c.check, c, t));
    out.push('</ul>');
  }
  out.push(`<p><a href="#grid" class="back">${esc(t('board.backToGrid'))}</a></p></article>`);
  return out.join('');
}

function checkItem(id: string, c: BoardCell, t: Translator): string {
  const field = (label: string, value?: string) => (value ? `<dt>${esc(label)}</dt><dd>${esc(value)}</dd>` : '');
  return (
    `<li class="${c.state}"><p><span class="mark" aria-hidden="true">${MARKS[c.state]}</span> <strong>${esc(id)}</strong> · ${esc(c.title)} <span class="state">(${esc(t(`report.state.${c.state}`))})</span></p>` +
    (c.message ? `<p>${esc(c.message)}</p>` : '') +
    `<dl>${field(t('report.expected'), c.expected)}${field(t('report.actual'), c.actual)}${field(t('report.hint'), c.hint)}</dl></li>`
  );
}

/** The whole page: one self-contained file (inline CSS and script, nothing fetched but the live stream). */
export function boardPage(board: Board, opts: BoardPageOptions): string {
  const t = translator(opts.lang);
  const labs = board.labs.map((l) => `${l.id} · ${l.title}`).join('; ');
  const when = opts.generatedAt ? t('board.generated', { time: opts.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC') }) : '';
  const strings = { reconnecting: t('board.reconnecting'), updated: t('board.updated', { time: '{time}' }), count: t('board.studentsCount', { count: '{count}' }) };
  // No network from a static file: the policy forbids every fetch; a served page may only stream from its server.
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:;${opts.live ? " connect-src 'self';" : ''} form-action 'none'; base-uri 'none'`;
  return `<!doctype html>
<html lang="${opts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${esc(t('board.title'))} · ${esc(labs)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(t('board.title'))}</h1>
<p class="meta"><span>${esc(t('board.labs', { labs }))}</span> · <span id="count">${esc(t('board.studentsCount', { count: board.students.length }))}</span> · <span id="status" role="status">${esc(opts.status ?? when)}</span></p>
${opts.downloads ? `<nav aria-label="${esc(t('board.download'))}"><span>${esc(t('board.download'))}:</span> <a id="dl-csv" download="gradebook.csv" href="${esc(opts.downloads.csv)}">${esc(t('board.csv'))}</a> <a id="dl-json" download="gradebook.json" href="${esc(opts.downloads.json)}">${esc(t('board.json'))}</a></nav>` : ''}
<p class="legend"><span class="sr">${esc(t('board.legend'))}:</span> ${(['pass', 'fail', 'blocked', 'error'] as GradeState[]).map((s) => `<span class="c ${s}"><span aria-hidden="true">${MARKS[s]}</span></span> ${esc(t(`report.state.${s}`))}`).join(' ')}</p>
</header>
<main id="board" data-live="${opts.live ? 'true' : 'false'}">${boardBody(board, opts.lang)}</main>
<div id="announce" class="sr" aria-live="polite"></div>
<script>const STRINGS=${JSON.stringify(strings).replace(/</g, '\\u003c')};${SCRIPT}</script>
</body>
</html>
`;
}

/** `lab grade --format html` for a class: the board, with the gradebook inside it as downloads. */
export function gradebookHtml(rows: GradebookRow[], opts: { lang: Lang; generatedAt: string; csv: string; json: string }): string {
  const dataUrl = (type: string, text: string) => `data:${type};charset=utf-8,${encodeURIComponent(text)}`;
  return boardPage(boardOf(rows), { lang: opts.lang, generatedAt: opts.generatedAt, downloads: { csv: dataUrl('text/csv', opts.csv), json: dataUrl('application/json', opts.json) } });
}

/** `--format html` for one student's run: the same board with one row. */
export const html: Reporter = (result: RunResult, { lang }) =>
  boardPage(boardOf(result.labs.map((lab) => ({ student: '—', namespace: '—', lab }))), { lang });

// High contrast on a projector: dark text on white, marks in solid colours with white text
// (every pair at least 4.5:1), a large base size, and the state also said in words and symbols.
const CSS = `
:root{--pass:#116329;--fail:#a40e26;--blocked:#6e3b00;--error:#4a4f57;--ink:#111;--bg:#fff;--line:#8c959f;--focus:#0550ae}
*{box-sizing:border-box}
body{margin:0;padding:1rem 1.5rem;font:20px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:var(--bg)}
h1{font-size:1.8rem;margin:.2rem 0}h2{font-size:1.35rem;margin:1.2rem 0 .5rem}h3{font-size:1.15rem;margin:.2rem 0}
.meta,.legend,nav{margin:.3rem 0}
a{color:var(--focus)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
.bars{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:max-content minmax(8rem,1fr) max-content;gap:.35rem .8rem;align-items:center}
.bars li{display:contents}
.bar{display:block;height:1.1rem;border:2px solid var(--ink);border-radius:.3rem;background:#fff;overflow:hidden}
.bar span{display:block;height:100%;background:var(--pass)}
.bar-name{font-weight:600;font-family:ui-monospace,Menlo,Consolas,monospace}
.scroll{overflow-x:auto}
table{border-collapse:collapse;min-width:50%}
caption{text-align:left;font-size:.85rem;padding:.2rem 0;color:#333}
th,td{border:1px solid var(--line);padding:.25rem .5rem}
thead th{background:#f0f2f4;font-size:.85rem;font-family:ui-monospace,Menlo,Consolas,monospace;vertical-align:bottom}
tbody th{text-align:left;font-weight:600;white-space:nowrap}
td.score{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.c{text-align:center;font-weight:700;min-width:2.4rem;color:#fff;cursor:pointer}
span.c{display:inline-block;min-width:1.6rem;border-radius:.25rem;padding:0 .2rem;margin-left:.6rem}
.c.pass{background:var(--pass)}.c.fail{background:var(--fail)}.c.blocked{background:var(--blocked)}
.c.error,.c.ungraded{background:var(--error)}.c.optional,.c.none{background:#fff;color:#333}
td.c:focus,a:focus,.student:focus{outline:4px solid var(--focus);outline-offset:2px}
td.c:focus{box-shadow:inset 0 0 0 3px #fff}
.details .student{display:none;border:2px solid var(--ink);border-radius:.4rem;padding:.6rem 1rem;margin:.5rem 0}
.details .student:target{display:block}
.details:has(.student:target) .help{display:none}
.checks{padding-left:0;list-style:none}
.checks li{border-left:.4rem solid var(--error);padding:.2rem .8rem;margin:.6rem 0}
.checks li.fail{border-color:var(--fail)}.checks li.blocked{border-color:var(--blocked)}
.checks p{margin:.15rem 0}.checks dl{margin:.2rem 0;display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem}
.checks dt{font-weight:600}.checks dd{margin:0;white-space:pre-wrap}
.lab-error{color:var(--fail);font-weight:600}
@media (prefers-color-scheme:dark){:root{--ink:#f0f0f0;--bg:#111;--line:#6e7781;--focus:#79c0ff;--pass:#1a7f37;--fail:#c62d3b}thead th{background:#222}caption{color:#ccc}.bar{background:#111}.c.optional,.c.none{background:#111;color:#ccc}}
@media print{.details .student{display:block}}
`;

// Keyboard: the grid is one tab stop; arrows move between cells, Home/End along the row, Enter opens
// the student's detail, Escape goes back. Live: the server's "board" events replace the board in
// place, keeping the focused cell, and the aria-live region says what changed.
const SCRIPT = `
(function(){
var main=document.getElementById('board'),status=document.getElementById('status'),announce=document.getElementById('announce');
var pos=null;
function cells(){return Array.prototype.slice.call(main.querySelectorAll('#grid tbody tr'))}
function at(r,c){var rows=cells();if(!rows.length)return null;r=Math.max(0,Math.min(rows.length-1,r));var tds=rows[r].querySelectorAll('td.c');if(!tds.length)return null;c=Math.max(0,Math.min(tds.length-1,c));return tds[c]}
function where(td){var tr=td.parentNode,rows=cells();return {r:rows.indexOf(tr),c:Array.prototype.indexOf.call(tr.querySelectorAll('td.c'),td),student:tr.getAttribute('data-student'),col:td.getAttribute('data-col')}}
function roving(){var all=main.querySelectorAll('td.c[tabindex]');for(var i=0;i<all.length;i++)all[i].tabIndex=-1;var td=null;if(pos){var rows=cells();for(var j=0;j<rows.length&&!td;j++)if(rows[j].getAttribute('data-student')===pos.student)td=rows[j].querySelector('td.c[data-col="'+CSS.escape(pos.col)+'"]')}if(!td)td=at(0,0);if(td)td.tabIndex=0;return td}
function move(td){if(!td)return;pos=where(td);roving();td.focus()}
function open(td){var href=td.getAttribute('data-href');if(!href)return;pos=where(td);location.hash=href;var d=document.getElementById(href.slice(1));if(d)d.focus()}
main.addEventListener('keydown',function(e){
var td=e.target.closest&&e.target.closest('td.c');
if(e.key==='Escape'&&e.target.closest&&e.target.closest('.student')){e.preventDefault();history.replaceState(null,'',location.pathname+location.search);var back=roving();if(back)back.focus();return}
if(!td)return;var p=where(td),n=null;
switch(e.key){case 'ArrowRight':n=at(p.r,p.c+1);break;case 'ArrowLeft':n=at(p.r,p.c-1);break;case 'ArrowDown':n=at(p.r+1,p.c);break;case 'ArrowUp':n=at(p.r-1,p.c);break;case 'Home':n=at(p.r,0);break;case 'End':n=at(p.r,1e9);break;case 'Enter':case ' ':e.preventDefault();open(td);return;default:return}
e.preventDefault();move(n)});
main.addEventListener('click',function(e){var td=e.target.closest&&e.target.closest('td.c');if(td)open(td)});
main.addEventListener('focusin',function(e){var td=e.target.closest&&e.target.closest('td.c');if(td)pos=where(td)});
main.addEventListener('click',function(e){var a=e.target.closest&&e.target.closest('a.back');if(a){e.preventDefault();history.replaceState(null,'',location.pathname+location.search);var back=roving();if(back)back.focus()}});
roving();
if(main.getAttribute('data-live')!=='true'||!window.EventSource)return;
var es=new EventSource('events');
es.addEventListener('board',function(e){
var d=JSON.parse(e.data),focused=document.activeElement,hadCell=focused&&focused.matches&&focused.matches('td.c'),inDetail=focused&&focused.closest&&focused.closest('.student');
var detailId=inDetail?inDetail.id:null;
main.innerHTML=d.html;var td=roving();
if(hadCell&&td)td.focus();else if(detailId){var again=document.getElementById(detailId);if(again)again.focus()}
status.textContent=STRINGS.updated.replace('{time}',d.time);document.getElementById('count').textContent=STRINGS.count.replace('{count}',d.students);
if(d.changes&&d.changes.length)announce.textContent=d.changes.join('. ');
document.documentElement.setAttribute('data-version',String(d.version));
});
es.addEventListener('state',function(e){status.textContent=JSON.parse(e.data).text});
es.addEventListener('error',function(){status.textContent=STRINGS.reconnecting});
})();
`;

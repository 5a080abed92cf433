import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { stringify } from 'yaml';
import { ROOT, runCli } from '../../labs/harness.js';
import { auditLogPath, type AuditEvent } from './audit.js';
import { daemonsetFor, kubeconfigWith, kubectl } from './kube.js';

/**
 * `lab serve` and `lab grade --format html` in Debian's headless Chromium, against a real class
 * (lab 4) on the test cluster, as a read-only grader of its own (serve-grader/board) so that the
 * audit log counts this file's requests and nobody else's.
 */
const work = mkdtempSync(join(tmpdir(), 'lab-serve-'));
// The README's screenshots are remade only when asked (LAB_UPDATE_SCREENSHOTS=1): a test run
// leaves the clone as it found it. Otherwise they go to a temporary folder, still taken for real.
const DOCS = process.env.LAB_UPDATE_SCREENSHOTS ? join(ROOT, 'docs') : mkdtempSync(join(tmpdir(), 'lab-board-shots-'));
const USER = 'system:serviceaccount:serve-grader:board';
const CLASS = ['serve-alumno-1', 'serve-alumno-2', 'serve-alumno-3'];
const BIG = Array.from({ length: 20 }, (_, i) => `serve-clase-${String(i + 1).padStart(2, '0')}`);
const made: string[] = [];
const running = new Set<ChildProcess>();
let kubeconfig: string;
let browser: Browser;

const kwokOnly = (ds: any) => { ds.spec.template.spec.nodeSelector = { type: 'kwok' }; };

async function apply(yaml: string, namespaces: string[]) {
  const file = join(work, `${namespaces[0]}.yaml`);
  writeFileSync(file, yaml);
  made.push(...namespaces);
  const applied = await kubectl('apply', '-f', file);
  expect([applied.code, applied.stderr]).toEqual([0, '']);
}

interface Served {
  url: string;
  proc: ChildProcess;
  stderr(): string;
  /** SIGINT, as Ctrl-C; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** `lab serve` in the background; resolves once it says where the board is. */
function serve(args: string[]): Promise<Served> {
  const proc = spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'serve', '--kubeconfig', kubeconfig, '--lang', 'en', '--port', '0', ...args], { env: { ...process.env, NO_COLOR: '1' } });
  let err = '';
  running.add(proc);
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => { running.delete(proc); resolve(code); }));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lab serve did not start: ${err}`)), 60_000);
    proc.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const url = /on (http:\/\/[^\s?]+)/.exec(err)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, proc, stderr: () => err, stop: () => (proc.kill('SIGINT'), exited) });
      }
    });
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`lab serve exited ${code}: ${err}`)); });
  });
}

const launch = () => chromium.launch({
  executablePath: '/usr/bin/chromium',
  // Debian's Chromium as root on a closed network: no sandbox, no GPU, and none of its own traffic.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const cell = (page: Page, student: string, check: string) => page.locator(`tr[data-student="${student}"] td[data-col="4/${check}"]`);

beforeAll(async () => {
  // A run just before this one may still be deleting its namespaces.
  await kubectl('wait', '--for=delete', 'namespace', 'serve-grader', ...CLASS, ...BIG, '--timeout=150s');
  // A grader identity of this file's own, with the project's read-only role.
  expect((await kubectl('apply', '-f', join(ROOT, 'manifests/grader-rbac.yaml'))).code).toBe(0);
  await apply(
    [
      stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'serve-grader' } }),
      stringify({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'board', namespace: 'serve-grader' } }),
      stringify({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'serve-grader-board-read' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'lab-grader-read' }, subjects: [{ kind: 'ServiceAccount', name: 'board', namespace: 'serve-grader' }] }),
    ].join('---\n'),
    ['serve-grader'],
  );
  const token = (await kubectl('create', 'token', 'board', '-n', 'serve-grader')).stdout.trim();
  kubeconfig = await kubeconfigWith(join(work, 'board.kubeconfig'), { token });
  // Ana did it right (Pods on every node, the real one too); Bea's image is not pinned; Carl has nothing yet.
  await apply(daemonsetFor(CLASS[0]) + '---\n' + daemonsetFor(CLASS[1], (ds) => { kwokOnly(ds); ds.spec.template.spec.containers[0].image = 'nginx:latest'; }) + '---\n' + stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: CLASS[2] } }), CLASS);
  expect((await kubectl('rollout', 'status', 'daemonset/nginx-ds', '-n', CLASS[0], '--timeout=120s')).code).toBe(0);
  browser = await launch();
  mkdirSync(DOCS, { recursive: true });
});

afterAll(async () => {
  for (const proc of running) proc.kill('SIGKILL');
  await browser?.close();
  await kubectl('delete', 'clusterrolebinding', 'serve-grader-board-read', '--ignore-not-found');
  await kubectl('delete', 'namespace', ...made, '--ignore-not-found', '--wait=false');
  rmSync(work, { recursive: true, force: true });
});

test('the board shows a failing cell, which turns green without a reload when the student fixes their object', async () => {
  const board = await serve(['4', '--namespaces', 'serve-alumno-*']);
  try {
    expect(board.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(board.stderr()).toContain('class board (3 students)');
    const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    await page.goto(board.url);
    // The event stream has delivered the board (the status says so).
    expect(await textOf(page.locator('#status'), /^Live · updated at \d\d:\d\d:\d\d$/, 10_000)).toMatch(/^Live · updated at \d\d:\d\d:\d\d$/);
    await expectAttr(cell(page, CLASS[1], 'image-pinned'), 'data-state', 'fail');
    await expectAttr(cell(page, CLASS[0], 'image-pinned'), 'data-state', 'pass');
    await expectAttr(cell(page, CLASS[2], 'daemonset-exists'), 'data-state', 'fail');
    await expectAttr(cell(page, CLASS[2], 'image-pinned'), 'data-state', 'blocked');
    await page.screenshot({ path: join(DOCS, 'board-before.png'), fullPage: true });
    await page.evaluate(() => { (window as any).sameDocument = true; });

    expect((await kubectl('set', 'image', 'daemonset/nginx-ds', 'nginx=nginx:1.22', '-n', CLASS[1])).code).toBe(0);
    await expectAttr(cell(page, CLASS[1], 'image-pinned'), 'data-state', 'pass', 30_000);
    expect(await page.evaluate(() => (window as any).sameDocument)).toBe(true);
    expect(await textOf(page.locator('#announce'), 'serve-alumno-2: image-pinned now passed')).toContain('serve-alumno-2: image-pinned now passed');
    expect(await page.locator('.bars li[data-col="4/image-pinned"] .bar-text').textContent()).toBe('2 of 3 students have image-pinned');

    // The student's detail: what they see, hint included.
    await page.locator(`tr[data-student="${CLASS[2]}"] th a`).click();
    const detail = page.locator('#student-serve-alumno-3');
    expect(await visible(detail)).toBe(true);
    expect(await textOf(detail, 'daemonset-exists')).toContain('daemonset-exists');
    expect(await visible(detail.locator('dt', { hasText: 'hint' }).first())).toBe(true);
    await page.screenshot({ path: join(DOCS, 'board.png'), fullPage: true });

    // The gradebook as it stands.
    const csv = await (await fetch(`${board.url}gradebook.csv`)).text();
    expect(csv.split('\n').find((l) => l.startsWith(`${CLASS[1]},`))).toMatch(/,4,\w+,\d+,\d+,0,false,pass,pass,pass,/);
    const json = JSON.parse(await (await fetch(`${board.url}gradebook.json`)).text());
    expect(json.gradebook.map((r: { student: string }) => r.student)).toEqual(CLASS);
    await page.close();
  } finally {
    expect(await board.stop()).toBe(0);
  }
  expect(board.stderr()).not.toMatch(/\n\s+at /);
  expect(board.stderr().trim().split('\n').pop()).toBe('lab: board stopped.');
});

test('keyboard and screen reader: a real table with headers, one tab stop, arrows, Enter and Escape; marks in words; contrast', async () => {
  const board = await serve(['4', '--namespaces', 'serve-alumno-*']);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(board.url);
    expect(await textOf(page.locator('#status'), /^Live/, 10_000)).toMatch(/^Live/);
    expect(await page.getByRole('table').count()).toBe(1);
    expect(await page.getByRole('columnheader', { name: 'image-pinned' }).count()).toBe(1);
    expect(await page.getByRole('rowheader', { name: CLASS[1] }).count()).toBe(1);
    expect(await visible(page.getByRole('cell', { name: 'failed' }).first())).toBe(true);
    // Every cell says its state in words, not only in colour.
    const unlabeled = await page.$$eval('td.c', (tds) => tds.filter((td) => !td.querySelector('.sr')?.textContent?.trim()).length);
    expect(unlabeled).toBe(0);

    // Tab reaches the grid once; arrows move; Enter opens the student's detail; Escape comes back.
    const firstRowLink = page.locator('tbody tr').first().locator('th a');
    await firstRowLink.focus();
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => { const td = document.activeElement as HTMLElement; return { tag: td.tagName, student: td.closest('tr')?.getAttribute('data-student'), col: td.getAttribute('data-col') }; });
    const cols = await page.$$eval('thead th[scope=col] .col-name', (ths) => ths.map((th) => `4/${th.textContent}`));
    expect(await focused()).toEqual({ tag: 'TD', student: CLASS[0], col: cols[0] });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toEqual({ tag: 'TD', student: CLASS[1], col: cols[1] });
    await page.keyboard.press('End');
    expect((await focused()).col).toBe(cols[cols.length - 1]);
    expect(await page.$$eval('td.c[tabindex="0"]', (tds) => tds.length)).toBe(1);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toBe('#student-serve-alumno-2');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('student-serve-alumno-2');
    await page.keyboard.press('Escape');
    expect((await focused()).student).toBe(CLASS[1]);

    // Text on every mark and on the page reaches WCAG AA (4.5:1).
    const worst = await page.$$eval('td.c.pass, td.c.fail, td.c.blocked, td.c.error, body', (els) => {
      const rgb = (s: string) => (s.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
      const lum = (c: number[]) => { const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      return Math.min(...els.map((el) => { const s = getComputedStyle(el); const [a, b] = [lum(rgb(s.color)), lum(rgb(s.backgroundColor))].sort((x, y) => y - x); return (a + 0.05) / (b + 0.05); }));
    });
    expect(worst).toBeGreaterThanOrEqual(4.5);
    await page.close();
  } finally {
    expect(await board.stop()).toBe(0);
  }
});

test('re-grading on a change keeps one LIST and one WATCH per kind, the same for 20 students as for 1', async () => {
  await apply(BIG.map((ns) => daemonsetFor(ns, kwokOnly)).join('---\n'), BIG);
  const requests = async (glob: string, students: number) => {
    const since = new Date().toISOString();
    const board = await serve(['4', '--namespaces', glob]);
    try {
    expect(board.stderr()).toContain(`(${students} students)`);
    // One student changes their DaemonSet: the board grades them again from what the WATCH brought.
    const stream = await fetch(`${board.url}events`);
    const reader = stream.body!.getReader();
    // image-pinned changes state either way: latest (1 student), then pinned again (20).
    const image = students === 1 ? 'nginx:latest' : 'nginx:1.22';
    expect((await kubectl('set', 'image', 'daemonset/nginx-ds', `nginx=${image}`, '-n', BIG[0])).code).toBe(0);
    let seen = '';
    const deadline = Date.now() + 30_000;
    const news = `${BIG[0]}: image-pinned now ${students === 1 ? 'failed' : 'passed'}"`;
    // One read pending at a time: a read given up on would swallow the chunk it later gets.
    let pending = reader.read();
    while (!seen.includes(news) && Date.now() < deadline) {
      const got = await Promise.race([pending, new Promise<undefined>((r) => setTimeout(r, 1000))]);
      if (!got) continue;
      if (got.value) seen += Buffer.from(got.value).toString();
      if (got.done) break;
      pending = reader.read();
    }
    await reader.cancel();
    expect(seen.includes(news)).toBe(true);
    } finally {
      expect(await board.stop()).toBe(0);
    }
    await new Promise((r) => setTimeout(r, 2000)); // the audit backend writes asynchronously
    const until = new Date().toISOString();
    return readFileSync(auditLogPath(), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditEvent)
      .filter((e) => e.user.username === USER && e.stage === 'ResponseComplete' && e.requestReceivedTimestamp >= since && e.requestReceivedTimestamp <= until);
  };
  const summary = (events: AuditEvent[]) => events.map((e) => `${e.verb} ${e.objectRef?.resource}${e.objectRef?.namespace ? ` (${e.objectRef.namespace})` : ''}`).sort();
  const one = summary(await requests(BIG[0], 1));
  const all = summary(await requests('serve-clase-*', 20));
  // Read-only, and exactly the same requests whatever the size of the class.
  expect([...new Set(all.map((r) => r.split(' ')[0]))].sort()).toEqual(['list', 'watch']);
  expect(all).toEqual(one);
  const lists = all.filter((r) => r.startsWith('list ')).filter((r) => r !== 'list namespaces');
  const watches = all.filter((r) => r.startsWith('watch '));
  // One LIST per kind across all namespaces (the probe's one LIST in default aside), then one WATCH each.
  expect(lists.filter((r) => !r.includes('('))).toEqual(watches.map((w) => w.replace('watch', 'list')));
  expect(watches.length).toBeGreaterThanOrEqual(4);
}, 180_000);

test('the token: no non-loopback address without one; with one, nothing is served without it, and the page works with it', async () => {
  // Refused before the cluster is asked anything.
  const open = await runCli(['serve', '4', '--namespaces', 'x-*', '--host', '0.0.0.0', '--kubeconfig', '/nonexistent', '--lang', 'en']);
  expect(open.code).toBe(2);
  expect(open.stderr).toBe('lab: Will not serve the board on 0.0.0.0 without a token: anyone on that network would see the grades. Add --token-file FILE (a token of 16 characters or more) or listen on 127.0.0.1.\n');
  const missing = await runCli(['serve', '4', '--namespaces', 'x-*', '--token-file', join(work, 'nope'), '--lang', 'en']);
  expect([missing.code, missing.stderr]).toEqual([2, `lab: Cannot read the token file ${join(work, 'nope')} (ENOENT).\n`]);
  writeFileSync(join(work, 'short'), 'abc\n');
  const weak = await runCli(['serve', '4', '--namespaces', 'x-*', '--token-file', join(work, 'short'), '--lang', 'en']);
  expect(weak.code).toBe(2);
  expect(weak.stderr).toMatch(/^lab: The token in .*short will not do: it must be one word of 16 characters or more/);
  // A port already taken: one clear line.
  const taken = createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
  const port = (taken.address() as AddressInfo).port;
  const busy = await runCli(['serve', '4', '--namespaces', 'x-*', '--port', String(port), '--kubeconfig', kubeconfig, '--lang', 'en']);
  taken.close();
  expect([busy.code, busy.stderr]).toEqual([2, `lab: Port ${port} on 127.0.0.1 is already in use. Pick another with --port (or --port 0 for any free one).\n`]);

  const token = 'c3f1d0a9b8e7f6a5c4d3e2f1a0b9c8d7';
  writeFileSync(join(work, 'token'), `${token}\n`);
  const board = await serve(['4', '--namespaces', 'serve-alumno-*', '--token-file', join(work, 'token')]);
  try {
    expect(board.stderr()).toContain(`${board.url}?token=${token}`);
    for (const path of ['', 'events', 'gradebook.csv', 'gradebook.json', `?token=wrong${token}`]) {
      const res = await fetch(board.url + path, { redirect: 'manual' });
      expect([path, res.status]).toEqual([path, 401]);
    }
    expect((await fetch(`${board.url}gradebook.csv`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    const page = await browser.newPage();
    await page.goto(`${board.url}?token=${token}`);
    // The token is now a cookie; the address bar no longer shows it, and the event stream gets through.
    expect(page.url()).toBe(board.url);
    expect(await textOf(page.locator('#status'), /^Live · updated at/, 10_000)).toMatch(/^Live · updated at/);
    expect(await page.locator('#grid tbody tr').count()).toBe(3);
    await page.close();
  } finally {
    expect(await board.stop()).toBe(0);
  }
});

test('lab grade --format html: one file, opened from disk, works with no network at all', async () => {
  const file = join(work, 'board.html');
  const run = await runCli(['grade', '4', '--namespaces', 'serve-alumno-*', '--format', 'html', '--output', file, '--kubeconfig', kubeconfig, '--lang', 'es']);
  expect([run.code, run.stderr]).toEqual([0, '']);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const asked: string[] = [];
  page.on('request', (r) => asked.push(r.url()));
  await page.goto(pathToFileURL(file).href);
  expect(await textOf(page.locator('h1'), 'Tablero de la clase')).toBe('Tablero de la clase');
  expect(await page.locator('#grid tbody tr').count()).toBe(3);
  expect(await textOf(page.locator('.bars li').first(), 'alumnos tienen')).toContain('alumnos tienen');
  expect(await page.locator('#dl-csv').getAttribute('href')).toMatch(/^data:text\/csv;charset=utf-8,student%2Cnamespace/);
  await page.locator('td.c[tabindex="0"]').focus();
  await page.keyboard.press('Enter');
  expect(await visible(page.locator('#student-serve-alumno-1'))).toBe(true);
  await page.screenshot({ path: join(DOCS, 'board-static.png') });
  expect(asked).toEqual([pathToFileURL(file).href]);
  await page.close();
});

type Locator = ReturnType<Page['locator']>;

/** Playwright's own expect is not in playwright-core: ask again until it holds or time is up, then let jest judge. */
async function eventually<T>(get: () => Promise<T>, ok: (v: T) => boolean, timeout: number): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await get().catch(() => undefined as T);
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const textOf = (locator: Locator, want: string | RegExp, timeout = 5_000) =>
  eventually(async () => (await locator.first().textContent({ timeout: 1000 })) ?? '', (t) => (typeof want === 'string' ? t.includes(want) : want.test(t)), timeout);

const visible = (locator: Locator) => eventually(() => locator.isVisible(), (v) => v, 5_000);

async function expectAttr(locator: Locator, name: string, value: string, timeout = 10_000) {
  expect(await eventually(() => locator.getAttribute(name, { timeout: 1000 }), (v) => v === value, timeout)).toBe(value);
}

import type { GradebookRow } from '../../src/class/grade-class.js';
import { LiveBoard, type BoardUpdate } from '../../src/class/live-board.js';
import type { Student } from '../../src/class/roster.js';
import type { CheckResult } from '../../src/runner/result.js';
import { startBoardServer } from '../../src/serve/board-server.js';

/** A fake class: each namespace's image-pinned state, as a cluster would have it now. */
function fakeClass(students: Student[], pinned: Record<string, boolean>) {
  const graded: string[][] = [];
  const grade = async (who: Student[]): Promise<GradebookRow[]> => {
    graded.push(who.map((s) => s.namespace));
    return who.map((s) => {
      const check: CheckResult = { id: 'image-pinned', title: 'Pinned', status: pinned[s.namespace] ? 'pass' : 'fail', points: 1, durationMs: Math.random() };
      return { ...s, lab: { id: '4', slug: 'daemonset', title: 'DS', status: check.status === 'pass' ? 'pass' : 'fail', score: check.status === 'pass' ? 1 : 0, maxScore: 1, ungradedPoints: 0, incomplete: false, durationMs: 1, checks: [check] } };
    });
  };
  return { graded, grade };
}

const students: Student[] = ['a', 'b', 'c'].map((n) => ({ student: n, namespace: `ns-${n}` }));

test('a change grades again only the students it concerns, changes close together at once, and says which cells changed', async () => {
  const pinned: Record<string, boolean> = { 'ns-a': true, 'ns-b': false, 'ns-c': false };
  const { graded, grade } = fakeClass(students, pinned);
  const updates: BoardUpdate[] = [];
  const board = new LiveBoard(students, { grade, onUpdate: (u) => updates.push(u), debounceMs: 20 });
  await board.start();
  expect(graded).toEqual([['ns-a', 'ns-b', 'ns-c']]);
  expect(updates).toHaveLength(1);

  pinned['ns-b'] = true;
  pinned['ns-c'] = true;
  board.changed('ns-b');
  board.changed('ns-c');
  board.changed('ns-b');
  board.changed('someone-else');
  await new Promise((r) => setTimeout(r, 50));
  await board.settled();
  expect(graded[1]).toEqual(['ns-b', 'ns-c']);
  expect(updates[1].changes).toEqual([{ student: 'b', lab: '4', check: 'image-pinned', state: 'pass' }, { student: 'c', lab: '4', check: 'image-pinned', state: 'pass' }]);
  expect(updates[1].rows.map((r) => r.lab.status)).toEqual(['pass', 'pass', 'pass']);

  // The same verdict again (only timings differ) is no update; a node (no namespace) grades everyone.
  board.changed(undefined);
  await new Promise((r) => setTimeout(r, 50));
  await board.settled();
  expect(graded[2]).toEqual(['ns-a', 'ns-b', 'ns-c']);
  expect(updates).toHaveLength(2);
  board.close();
});

test('a namespace that joins the class is a new student', async () => {
  const pinned: Record<string, boolean> = { 'ns-a': true, 'ns-d': false };
  const { grade } = fakeClass(students, pinned);
  const updates: BoardUpdate[] = [];
  const board = new LiveBoard(students.slice(0, 1), { grade, onUpdate: (u) => updates.push(u), debounceMs: 5, admit: (ns) => (ns.startsWith('ns-') ? { student: ns, namespace: ns } : undefined) });
  await board.start();
  board.changed('ns-d');
  board.changed('other');
  await new Promise((r) => setTimeout(r, 30));
  await board.settled();
  expect(updates[1].rows.map((r) => r.namespace)).toEqual(['ns-a', 'ns-d']);
  board.close();
});

describe('the board server', () => {
  const content = { page: () => '<p>board</p>', csv: () => 'a,b\n', json: () => '{}', hello: () => ({ event: 'board', data: { v: 1 } }), unauthorized: 'needs the token' };

  test('without a token, only loopback Host names are served (no DNS rebinding)', async () => {
    const server = await startBoardServer(content, { host: '127.0.0.1', port: 0 });
    try {
      expect((await fetch(server.url)).status).toBe(200);
      expect(await (await fetch(`${server.url}gradebook.csv`)).text()).toBe('a,b\n');
      expect((await fetch(`${server.url}nope`)).status).toBe(404);
      const { request } = await import('node:http');
      const status = await new Promise<number>((resolve) => request(server.url, { headers: { Host: 'evil.example:80' } }, (res) => resolve(res.statusCode!)).end());
      expect(status).toBe(403);
    } finally {
      await server.close();
    }
  });

  test('with a token: 401 without it; ?token= sets a cookie and redirects without it; the stream starts with the board', async () => {
    const token = 'x'.repeat(20);
    const server = await startBoardServer(content, { host: '127.0.0.1', port: 0, token });
    try {
      const denied = await fetch(server.url);
      expect([denied.status, await denied.text()]).toEqual([401, 'needs the token\n']);
      const login = await fetch(`${server.url}?token=${token}`, { redirect: 'manual' });
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('/');
      const cookie = login.headers.get('set-cookie')!;
      expect(cookie).toMatch(/HttpOnly; SameSite=Strict; Path=\//);
      expect((await fetch(server.url, { headers: { Cookie: cookie.split(';')[0] } })).status).toBe(200);
      const stream = await fetch(`${server.url}events`, { headers: { Cookie: cookie.split(';')[0] } });
      expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = stream.body!.getReader();
      let text = '';
      while (!text.includes('\n\nevent: board')) text += Buffer.from((await reader.read()).value!).toString();
      while (!text.endsWith('\n\n')) text += Buffer.from((await reader.read()).value!).toString();
      expect(text).toBe('retry: 2000\n\nevent: board\ndata: {"v":1}\n\n');
      expect(server.clients).toBe(1);
      server.publish('board', { v: 2 });
      expect(Buffer.from((await reader.read()).value!).toString()).toBe('event: board\ndata: {"v":2}\n\n');
      await reader.cancel();
    } finally {
      await server.close();
    }
  });
});

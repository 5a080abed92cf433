import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isIP } from 'node:net';

/** What the board serves; each is asked when a request comes, so it is always the board as it stands. */
export interface BoardContent {
  page(): string;
  csv(): string;
  json(): string;
  /** The first event a page that connects receives: the board as it stands now. */
  hello?(): { event: string; data: unknown };
  /** Said to a browser without the token (one line, in the instructor's language). */
  unauthorized: string;
}

export interface BoardServerOptions {
  host: string;
  port: number;
  /** Every request must carry it (cookie from `?token=`, or `Authorization: Bearer`). */
  token?: string;
}

export interface BoardServer {
  url: string;
  /** Sends an event to every open page. */
  publish(event: string, data: unknown): void;
  /** Open event streams. */
  readonly clients: number;
  close(): Promise<void>;
}

const COOKIE = 'lab_board_token';
const HEARTBEAT_MS = 20_000;

export const isLoopbackHost = (host: string): boolean =>
  host === 'localhost' || host === '::1' || host === '[::1]' || (isIP(host) === 4 && host.startsWith('127.'));

const digest = (s: string) => createHash('sha256').update(s).digest();
const sameToken = (given: string | undefined, token: string) => given !== undefined && timingSafeEqual(digest(given), digest(token));

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * The class board over HTTP: the page, its live event stream (Server-Sent Events) and the
 * gradebook as CSV or JSON. Rejects listening errors (EADDRINUSE…) as they are; the caller says them.
 */
export async function startBoardServer(content: BoardContent, opts: BoardServerOptions): Promise<BoardServer> {
  const streams = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const security = {
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://board');
    const send = (status: number, type: string, body: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': type, ...security, ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain; charset=utf-8', 'GET only\n', { Allow: 'GET, HEAD' });
    // Without a token the board is loopback-only: a page elsewhere must not reach it through a
    // name that resolves to 127.0.0.1 (DNS rebinding), so the Host must be a loopback one too.
    const hostName = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (!opts.token && !isLoopbackHost(hostName)) return send(403, 'text/plain; charset=utf-8', 'Forbidden\n');
    if (opts.token) {
      const fromQuery = url.searchParams.get('token') ?? undefined;
      if (sameToken(fromQuery, opts.token)) {
        // EventSource cannot send headers: the page's later requests carry the token as a cookie.
        url.searchParams.delete('token');
        return send(303, 'text/plain; charset=utf-8', '', {
          Location: url.pathname + (url.search || ''),
          'Set-Cookie': `${COOKIE}=${encodeURIComponent(opts.token)}; HttpOnly; SameSite=Strict; Path=/`,
        });
      }
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!sameToken(cookieOf(req, COOKIE), opts.token) && !sameToken(bearer, opts.token)) {
        return send(401, 'text/plain; charset=utf-8', `${content.unauthorized}\n`, { 'WWW-Authenticate': 'Bearer realm="lab serve"' });
      }
    }
    switch (url.pathname) {
      case '/':
        return send(200, 'text/html; charset=utf-8', content.page());
      case '/gradebook.csv':
        return send(200, 'text/csv; charset=utf-8', content.csv(), { 'Content-Disposition': 'attachment; filename="gradebook.csv"' });
      case '/gradebook.json':
        return send(200, 'application/json; charset=utf-8', content.json(), { 'Content-Disposition': 'attachment; filename="gradebook.json"' });
      case '/events':
        res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', ...security });
        res.write('retry: 2000\n\n');
        streams.add(res);
        if (content.hello) {
          const { event, data } = content.hello();
          res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        }
        req.on('close', () => streams.delete(res));
        return;
      default:
        return send(404, 'text/plain; charset=utf-8', 'Not found\n');
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const heartbeat = setInterval(() => {
    for (const s of streams) s.write(': still here\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const { port } = server.address() as AddressInfo;
  const shown = isIP(opts.host) === 6 ? `[${opts.host}]` : opts.host;

  return {
    url: `http://${shown}:${port}/`,
    get clients() {
      return streams.size;
    },
    publish(event, data) {
      const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      for (const s of streams) s.write(text);
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        for (const s of streams) s.end();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeRequest, dig, httpJson, judgeAnswer } from '../../src/checks/http/json.js';
import { fakeCtx, inspectOf } from './fake-docker.js';

test('dig follows dotted paths through objects and arrays', () => {
  const doc = { grupo: 'redes', puntuaciones: { redes: 0.5 }, lista: [{ a: 1 }] };
  expect(dig(doc, 'grupo')).toBe('redes');
  expect(dig(doc, 'puntuaciones.redes')).toBe(0.5);
  expect(dig(doc, 'lista.0.a')).toBe(1);
  expect(dig(doc, 'grupo.x')).toBeUndefined();
  expect(dig(null, 'a')).toBeUndefined();
});

test('an answer is judged on status, JSON, then each expected field', () => {
  const r = { path: '/clasificar', body: { texto: 'la impresora' }, expect: { grupo: 'hardware' } };
  expect(judgeAnswer({ status: 200, contentType: 'application/json', body: '{"grupo":"hardware"}' }, r)).toBeUndefined();
  expect(judgeAnswer({ status: 500, contentType: 'text/html', body: '<h1>Internal Server Error</h1>' }, r)).toMatchObject({ problem: 'status' });
  expect(judgeAnswer({ status: 200, contentType: 'text/html', body: 'hardware' }, r)).toMatchObject({ problem: 'json' });
  expect(judgeAnswer({ status: 200, contentType: 'application/json', body: '{"grupo":"redes"}' }, r)).toMatchObject({ problem: 'field', field: 'grupo', want: 'hardware', got: '"redes"' });
  expect(judgeAnswer({ status: 200, contentType: 'application/json', body: '{}' }, r)).toMatchObject({ problem: 'field', got: '∅' });
  expect(describeRequest(r)).toBe('POST /clasificar {"texto":"la impresora"}');
  expect(describeRequest({ path: '/salud', expect: { estado: 'ok' } })).toBe('GET /salud');
});

test('http.json sends each request through the published port and names the first wrong answer', async () => {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      const texto = (JSON.parse(body || '{}') as { texto?: string }).texto ?? '';
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ grupo: texto.includes('wifi') ? 'redes' : 'otros', method: req.method, type: req.headers['content-type'] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    const info = inspectOf({ State: { StartedAt: '2020-01-01T00:00:00Z' } });
    (info.NetworkSettings as unknown as { Ports: unknown }).Ports = { '5000/tcp': [{ HostIp: '0.0.0.0', HostPort: String(port) }] };
    const ctx = fakeCtx({ inspect: async () => info, reaches: () => true, dialAddress: () => '127.0.0.1', remoteHost: undefined });
    const ok = await httpJson.run(ctx, { container: 'miclasificador', port: '5000/tcp', requests: [{ path: '/clasificar', body: { texto: 'el wifi' }, expect: { grupo: 'redes', method: 'POST', type: 'application/json' } }] });
    expect(ok).toMatchObject({ status: 'pass', actual: 'grupo="redes" method="POST" type="application/json"' });
    const wrong = await httpJson.run(ctx, { container: 'miclasificador', port: '5000/tcp', requests: [
      { path: '/clasificar', body: { texto: 'el wifi' }, expect: { grupo: 'redes' } },
      { path: '/clasificar', body: { texto: 'la impresora' }, expect: { grupo: 'hardware' } },
    ] });
    expect(wrong).toMatchObject({ status: 'fail', message: 'POST /clasificar {"texto":"la impresora"} answered grupo="otros"; expected "hardware".' });
  } finally {
    server.close();
  }
});

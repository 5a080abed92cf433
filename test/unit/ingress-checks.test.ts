import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { backendPort, classOf, ingressBackends, ingressIsFresh, ingressUrl } from '../../src/checks/k8s/ingress.js';
import { getWithHost } from '../../src/checks/k8s/ingress-http.js';

const ing = (spec: object, extra: object = {}) => ({ metadata: { name: 'miweb', namespace: 'lab11' }, spec, ...extra });
const rule = (service: object, path = '/', host = 'miweb.local') => ({ host, http: { paths: [{ path, pathType: 'Prefix', backend: { service } }] } });

test('the backends of an Ingress: every rule path, then the default backend; by port number or name', () => {
  const i = ing({
    rules: [rule({ name: 'miweb', port: { number: 80 } }), rule({ name: 'api', port: { name: 'http' } }, '/api')],
    defaultBackend: { service: { name: 'fallback', port: { number: 8080 } } },
  });
  expect(ingressBackends(i)).toEqual([
    { service: 'miweb', port: 80, host: 'miweb.local', path: '/' },
    { service: 'api', port: 'http', host: 'miweb.local', path: '/api' },
    { service: 'fallback', port: 8080, host: undefined, path: undefined },
  ]);
  // A resource backend (not a Service) and a rule without http are left out.
  expect(ingressBackends(ing({ rules: [{ host: 'x' }, { http: { paths: [{ path: '/', backend: { resource: { kind: 'Bucket', name: 'b' } } }] } }] }))).toEqual([]);
});

test('a backend port is the Service port with that number, or with that name (never the targetPort)', () => {
  const svc = { spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] } };
  expect(backendPort(svc, 80)).toMatchObject({ port: 80 });
  expect(backendPort(svc, 'http')).toMatchObject({ port: 80 });
  expect(backendPort(svc, 8080)).toBeUndefined();
  expect(backendPort(svc, 'web')).toBeUndefined();
});

test('the class: the named one (field or old annotation), else the default class; a named class that does not exist is not found', () => {
  const traefik = { metadata: { name: 'traefik' }, spec: { controller: 'traefik.io/ingress-controller' } };
  const nginxDefault = { metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } };
  expect(classOf(ing({ ingressClassName: 'traefik' }), [traefik])).toEqual({ name: 'traefik', named: true, found: traefik });
  expect(classOf(ing({}, { metadata: { annotations: { 'kubernetes.io/ingress.class': 'traefik' } } }), [traefik])).toMatchObject({ name: 'traefik', named: true, found: traefik });
  expect(classOf(ing({ ingressClassName: 'trafik' }), [traefik])).toEqual({ name: 'trafik', named: true, found: undefined });
  expect(classOf(ing({}), [traefik])).toEqual({ name: undefined, named: false, found: undefined });
  expect(classOf(ing({}), [traefik, nginxDefault])).toEqual({ name: 'nginx', named: false, found: nginxDefault });
});

test('where the controller is asked: LAB_INGRESS_URL, else a loopback status address on port 80, else 127.0.0.1', () => {
  const withStatus = (lb: object[]) => ing({}, { status: { loadBalancer: { ingress: lb } } });
  expect(ingressUrl(withStatus([{ ip: '127.0.0.1' }]), { LAB_INGRESS_URL: 'http://127.0.0.1:18080/' })).toEqual({ url: 'http://127.0.0.1:18080', from: 'env' });
  expect(ingressUrl(withStatus([{ hostname: 'localhost' }]), {})).toEqual({ url: 'http://localhost', from: 'status' });
  expect(ingressUrl(withStatus([{ ip: '::1' }]), {})).toEqual({ url: 'http://[::1]', from: 'status' });
  // A load balancer's address may not be reachable from here: the default, and LAB_INGRESS_URL to say otherwise.
  expect(ingressUrl(withStatus([{ ip: '203.0.113.7' }]), {})).toEqual({ url: 'http://127.0.0.1', from: 'default' });
  expect(ingressUrl(ing({}), { LAB_INGRESS_URL: '  ' })).toEqual({ url: 'http://127.0.0.1', from: 'default' });
});

test('an Ingress created or changed in the last seconds is fresh (its controller may not have loaded it yet)', () => {
  const now = Date.parse('2026-01-01T10:00:30Z');
  expect(ingressIsFresh({ metadata: { creationTimestamp: new Date('2026-01-01T10:00:20Z') } }, now)).toBe(true);
  expect(ingressIsFresh({ metadata: { creationTimestamp: new Date('2026-01-01T09:00:00Z') } }, now)).toBe(false);
  expect(ingressIsFresh({ metadata: { creationTimestamp: new Date('2026-01-01T09:00:00Z'), managedFields: [{ time: new Date('2026-01-01T10:00:25Z') }] } }, now)).toBe(true);
  expect(ingressIsFresh({ metadata: {} }, now)).toBe(false);
});

test('getWithHost sends the Host header the statement names, and does not follow redirects', async () => {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    if (req.url === '/old') res.writeHead(301, { location: '/new' }).end();
    else res.end(`host=${req.headers.host} path=${req.url}`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    expect(await getWithHost(`${base}/index.html`, 'miweb.local', new AbortController().signal)).toEqual({ status: 200, location: undefined, body: 'host=miweb.local path=/index.html' });
    expect(await getWithHost(`${base}/old`, 'miweb.local', new AbortController().signal)).toMatchObject({ status: 301, location: '/new' });
    expect(seen).toHaveLength(2);
  } finally {
    server.close();
  }
});

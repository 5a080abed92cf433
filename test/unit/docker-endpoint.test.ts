import type Docker from 'dockerode';
import { DockerTarget } from '../../src/targets/docker.js';
import { contextDigest, EndpointError, parseHost, remoteHostOf, resolveEndpoint, type EndpointFs } from '../../src/targets/docker-endpoint.js';

const HOME = '/home/ana';
const meta = (name: string, host: string, skip = false) => ({
  [`${HOME}/.docker/contexts/meta/${contextDigest(name)}/meta.json`]: JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: skip } } }),
});

function files(tree: Record<string, string>): EndpointFs {
  return {
    exists: (path) => path in tree,
    read: (path) => {
      if (!(path in tree)) throw new Error(`ENOENT ${path}`);
      return tree[path];
    },
  };
}

const config = (current: string) => ({ [`${HOME}/.docker/config.json`]: JSON.stringify({ auths: {}, currentContext: current }) });
const fs = files({ ...config('colima'), ...meta('colima', 'unix:///home/ana/.colima/default/docker.sock'), ...meta('vm', 'ssh://ana@10.0.0.5') });
const resolve = (opts: Parameters<typeof resolveEndpoint>[0], env: NodeJS.ProcessEnv, f: EndpointFs = fs) => resolveEndpoint(opts, env, f, HOME);
const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof EndpointError ? { reason: err.reason, ...err.params } : err;
  }
  return 'no error';
};

describe('which engine the docker CLI would use', () => {
  test('context folders are the SHA-256 of the name, as docker context create writes them', () => {
    expect(contextDigest('default')).toBe('37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f');
  });

  test('--docker-host wins over everything, and DOCKER_HOST over contexts from the environment or config.json', () => {
    const env = { DOCKER_HOST: 'tcp://192.0.2.1:2375', DOCKER_CONTEXT: 'vm' };
    expect(resolve({ host: 'unix:///tmp/x.sock' }, env)).toEqual({ host: 'unix:///tmp/x.sock', source: 'flag-host', context: 'default' });
    expect(resolve({}, env)).toEqual({ host: 'tcp://192.0.2.1:2375', source: 'env-host', context: 'default' });
  });

  test('--docker-context beats DOCKER_HOST, as docker --context does', () => {
    expect(resolve({ context: 'vm' }, { DOCKER_HOST: 'tcp://192.0.2.1:2375' })).toMatchObject({ host: 'ssh://ana@10.0.0.5', source: 'flag-context', context: 'vm' });
  });

  test('both flags at once is an error, as in the CLI', () => {
    expect(reasonOf(() => resolve({ host: 'unix:///x', context: 'vm' }, {}))).toMatchObject({ reason: 'conflict' });
  });

  test('DOCKER_CONTEXT beats currentContext; currentContext beats the default socket', () => {
    expect(resolve({}, { DOCKER_CONTEXT: 'vm' })).toMatchObject({ host: 'ssh://ana@10.0.0.5', source: 'env-context' });
    expect(resolve({}, {})).toMatchObject({ host: 'unix:///home/ana/.colima/default/docker.sock', source: 'config-context', context: 'colima', file: `${HOME}/.docker/config.json` });
    expect(resolve({}, {}, files({}))).toEqual({ host: 'unix:///var/run/docker.sock', source: 'default', context: 'default' });
  });

  test('DOCKER_CONFIG moves config.json and the contexts', () => {
    const moved = files({
      '/etc/dk/config.json': JSON.stringify({ currentContext: 'lab' }),
      [`/etc/dk/contexts/meta/${contextDigest('lab')}/meta.json`]: JSON.stringify({ Endpoints: { docker: { Host: 'unix:///run/podman/podman.sock' } } }),
    });
    expect(resolve({}, { DOCKER_CONFIG: '/etc/dk' }, moved)).toMatchObject({ host: 'unix:///run/podman/podman.sock', context: 'lab' });
  });

  test('the context "default" is DOCKER_HOST or the default socket, even when config.json names another', () => {
    expect(resolve({ context: 'default' }, {})).toEqual({ host: 'unix:///var/run/docker.sock', source: 'flag-context', context: 'default' });
    expect(resolve({}, { DOCKER_CONTEXT: 'default' })).toMatchObject({ host: 'unix:///var/run/docker.sock', context: 'default' });
  });

  test('an unknown context names where it came from; a broken config.json or meta.json names its file', () => {
    expect(reasonOf(() => resolve({}, { DOCKER_CONTEXT: 'nope' }))).toEqual({ reason: 'unknown-context', context: 'nope', source: 'env-context' });
    expect(reasonOf(() => resolve({}, {}, files(config('gone'))))).toEqual({ reason: 'unknown-context', context: 'gone', source: 'config-context', file: `${HOME}/.docker/config.json` });
    expect(reasonOf(() => resolve({}, {}, files({ [`${HOME}/.docker/config.json`]: '{ nope' })))).toMatchObject({ reason: 'bad-config', file: `${HOME}/.docker/config.json` });
    const noEndpoint = files({ [`${HOME}/.docker/contexts/meta/${contextDigest('k8s')}/meta.json`]: JSON.stringify({ Endpoints: {} }) });
    expect(reasonOf(() => resolve({ context: 'k8s' }, {}, noEndpoint))).toMatchObject({ reason: 'bad-context', context: 'k8s' });
  });

  test('a config.json without currentContext (only auths) means the default socket', () => {
    expect(resolve({}, {}, files({ [`${HOME}/.docker/config.json`]: '{"auths":{}}' }))).toMatchObject({ source: 'default' });
  });

  test('DOCKER_TLS_VERIFY and DOCKER_CERT_PATH give TLS to a host given directly', () => {
    expect(resolve({}, { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }).tls).toEqual({ ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem', verify: true });
    expect(resolve({}, { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1' }).tls?.ca).toBe(`${HOME}/.docker/ca.pem`);
    expect(resolve({}, { DOCKER_HOST: 'tcp://10.0.0.5:2375' }).tls).toBeUndefined();
  });

  test("a context's TLS material comes from contexts/tls/<digest>/docker, and SkipTLSVerify turns verification off", () => {
    const dir = `${HOME}/.docker/contexts/tls/${contextDigest('remote')}/docker`;
    const tree = { ...meta('remote', 'tcp://10.0.0.5:2376'), [`${dir}/ca.pem`]: '', [`${dir}/cert.pem`]: '', [`${dir}/key.pem`]: '' };
    expect(resolve({ context: 'remote' }, {}, files(tree)).tls).toEqual({ ca: `${dir}/ca.pem`, cert: `${dir}/cert.pem`, key: `${dir}/key.pem`, verify: true });
    expect(resolve({ context: 'remote' }, {}, files(meta('remote', 'tcp://10.0.0.5:2376', true))).tls).toEqual({ ca: undefined, cert: undefined, key: undefined, verify: false });
    expect(resolve({ context: 'vm' }, {}).tls).toBeUndefined();
  });
});

describe('endpoint addresses', () => {
  test('forms the docker CLI accepts', () => {
    expect(parseHost('unix:///var/run/docker.sock', false)).toEqual({ protocol: 'unix', path: '/var/run/docker.sock' });
    expect(parseHost('tcp://10.0.0.5', false)).toEqual({ protocol: 'tcp', host: '10.0.0.5', port: 2375 });
    expect(parseHost('tcp://10.0.0.5', true)).toEqual({ protocol: 'tcp', host: '10.0.0.5', port: 2376 });
    expect(parseHost('tcp://[::1]:2376', true)).toEqual({ protocol: 'tcp', host: '::1', port: 2376 });
    expect(parseHost('ssh://ana@vm.example:2222', false)).toEqual({ protocol: 'ssh', host: 'vm.example', user: 'ana', port: 2222 });
    expect(parseHost('ssh://vm', false)).toEqual({ protocol: 'ssh', host: 'vm', user: undefined, port: undefined });
  });

  test('and forms it refuses', () => {
    for (const bad of ['nowhere', 'unix://', 'tcp://', 'ftp://x', '/var/run/docker.sock']) expect([bad, parseHost(bad, false)]).toEqual([bad, undefined]);
  });

  test('published ports of a tcp or ssh engine live on its host; a socket is this machine', () => {
    expect(remoteHostOf({ host: 'ssh://ana@10.0.0.5', source: 'env-host', context: 'default' })).toBe('10.0.0.5');
    expect(remoteHostOf({ host: 'tcp://127.0.0.1:2376', source: 'env-host', context: 'default' })).toBe('127.0.0.1');
    expect(remoteHostOf({ host: 'unix:///run/podman/podman.sock', source: 'env-host', context: 'default' })).toBeUndefined();
  });
});

describe('which published ports can be dialled from here', () => {
  const target = (endpoint: string, loopback = true, remoteAddresses?: string[]) => {
    const t = new DockerTarget({} as Docker, '127.0.0.1', undefined, loopback);
    t.endpoint = { host: endpoint, source: 'env-host', context: 'default' };
    t.remoteAddresses = remoteAddresses;
    return t;
  };

  test('a local engine: every address, its loopback too', () => {
    const t = target('unix:///var/run/docker.sock');
    expect(['0.0.0.0', '127.0.0.1', '172.17.0.1', undefined].map((ip) => t.reaches(ip))).toEqual([true, true, true, true]);
    expect(t.remoteHost).toBeUndefined();
  });

  test("a remote engine: all interfaces and the host's own address; never its loopback or docker0", () => {
    const t = target('ssh://ana@vm.example', true, ['vm.example', '10.0.0.5']);
    expect(t.remoteHost).toBe('vm.example');
    expect(['0.0.0.0', '::', '10.0.0.5', '127.0.0.1', '172.17.0.1'].map((ip) => t.reaches(ip))).toEqual([true, false, true, false, false]);
    const v6 = target('ssh://ana@vm.example', true, ['vm.example', '10.0.0.5', '2001:db8::5']);
    expect(v6.reaches('::')).toBe(true);
    expect(v6.dialAddress('::')).toBe('2001:db8::5');
  });

  test('an engine on this machine reached by tcp://127.0.0.1 is local', () => {
    expect(target('tcp://127.0.0.1:2376').remoteHost).toBeUndefined();
  });
});

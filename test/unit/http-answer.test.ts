import { describeAnswer, matches } from '../../src/checks/http/answer.js';
import { splitHostPort } from '../../src/checks/docker/env-host-address.js';

test('an answer matches when every given field holds', () => {
  const installer = { status: 302, location: 'http://127.0.0.1:8081/wp-admin/install.php', body: '' };
  expect(matches(installer, { status: [301, 302], locationIncludes: 'wp-admin/install.php' })).toBe(true);
  expect(matches(installer, { status: [200] })).toBe(false);
  const dbError = { status: 500, body: '<div class="wp-die-message"><h1>Error establishing a database connection</h1></div>' };
  expect(matches(dbError, { status: [500], bodyIncludes: 'wp-die-message' })).toBe(true);
  expect(matches(dbError, { bodyExcludes: 'Error establishing a database connection' })).toBe(false);
});

test('describeAnswer gives status and redirect, or status and title', () => {
  expect(describeAnswer({ status: 302, location: '/x', body: '' })).toBe('302 → /x');
  expect(describeAnswer({ status: 200, body: '<html><title>Welcome to nginx!</title></html>' })).toBe('200 «Welcome to nginx!»');
  expect(describeAnswer({ status: 204, body: '' })).toBe('204');
});

test('splitHostPort reads host, host:port and [v6]:port', () => {
  expect(splitHostPort('host.docker.internal:3306', 3306)).toEqual({ host: 'host.docker.internal', port: 3306 });
  expect(splitHostPort('192.168.1.10', 3306)).toEqual({ host: '192.168.1.10', port: 3306 });
  expect(splitHostPort('[fd00::1]:3307', 3306)).toEqual({ host: 'fd00::1', port: 3307 });
  expect(splitHostPort('fd00::1', 3306)).toEqual({ host: 'fd00::1', port: 3306 });
});

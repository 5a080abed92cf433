import { appPath, imageBuilt, isCopyStep, mountOver, ownSteps, stepOf } from '../../src/checks/docker/image-built.js';
import { expose } from '../../src/checks/docker/expose.js';
import type { ImageHistoryEntry } from '../../src/targets/docker.js';
import { fakeCtx, inspectOf } from './fake-docker.js';

test('history entries read as the Dockerfile lines that made them, from either builder', () => {
  expect(stepOf('/bin/sh -c #(nop) COPY file:d66c08a44af6434a in /app/ ')).toBe('COPY file:d66c08a44af6434a in /app/');
  expect(stepOf('/bin/sh -c #(nop)  CMD ["python" "app.py"]')).toBe('CMD ["python" "app.py"]');
  expect(stepOf('/bin/sh -c pip install --no-cache-dir -r requirements.txt')).toBe('RUN pip install --no-cache-dir -r requirements.txt');
  expect(stepOf('COPY app.py . # buildkit')).toBe('COPY app.py .');
  expect(stepOf('RUN /bin/sh -c pip install -r requirements.txt # buildkit')).toBe('RUN /bin/sh -c pip install -r requirements.txt');
  expect(stepOf('|1 PORT=5000 /bin/sh -c echo $PORT')).toBe('RUN echo $PORT');
  expect(['COPY . .', 'ADD app.tar.gz /app', 'copy x y'].map(isCopyStep)).toEqual([true, true, true]);
  expect(['RUN cp a b', 'WORKDIR /app', 'CMD ["python3"]'].map(isCopyStep)).toEqual([false, false, false]);
});

const entry = (Id: string, CreatedBy: string, Tags: string[] | null = null): ImageHistoryEntry => ({ Id, CreatedBy, Tags, Created: 0, Size: 0 });

test('the image\'s own steps stop at its tagged base; without parents (BuildKit) every step counts', () => {
  const legacy = [
    entry('sha256:top', '/bin/sh -c #(nop)  CMD ["python" "app.py"]', ['clasificador:1.0']),
    entry('sha256:mid', '/bin/sh -c #(nop) COPY file:abc in /app/'),
    entry('sha256:base', 'CMD ["python3"]', ['python:3.11-slim']),
    entry('<missing>', 'COPY pip.conf /etc/pip.conf # buildkit'),
  ];
  expect(ownSteps(legacy).map((e) => e.Id)).toEqual(['sha256:top', 'sha256:mid']);
  // The base run as it is: nothing of its own above it, so its COPY steps are not the student's.
  expect(ownSteps(legacy.slice(2))).toEqual(legacy.slice(2));
  const buildkit = [entry('sha256:top', 'CMD ["python" "app.py"]', ['clasificador:1.0']), entry('<missing>', 'COPY app.py . # buildkit')];
  expect(ownSteps(buildkit)).toEqual(buildkit);
});

test('the app file is where the command names it, else in the working directory; a mount over it is found', () => {
  expect(appPath(inspectOf({ Path: 'python', Args: ['app.py'] }), 'app.py')).toBe('/app/app.py');
  expect(appPath(inspectOf({ Path: '/bin/sh', Args: ['-c', 'python /srv/app.py'] }), 'app.py')).toBe('/srv/app.py');
  expect(appPath(inspectOf({ Path: 'gunicorn', Args: ['app:app'], Config: { WorkingDir: '/srv/clasificador' } }), 'app.py')).toBe('/srv/clasificador/app.py');
  expect(appPath(inspectOf({ Path: 'python', Args: ['app.py'], Config: { WorkingDir: '' } }), 'app.py')).toBe('/app.py');
  const mounted = inspectOf({ Mounts: [{ Type: 'bind', Source: '/home/ana/app', Destination: '/app' }] });
  expect(mountOver(mounted, '/app/app.py')?.Source).toBe('/home/ana/app');
  expect(mountOver(mounted, '/application/app.py')).toBeUndefined();
});

const built = (inspect: ReturnType<typeof inspectOf>, history: ImageHistoryEntry[], files: string[]) => imageBuilt.run(fakeCtx({
  inspect: async () => inspect,
  history: async () => history,
  pathStat: async (_name: string, path: string) => (files.includes(path) ? { name: path, size: 1, mode: 0o644 } : undefined),
}), { container: 'miclasificador', file: 'app.py' });

test('image-built: a COPY of its own and the file in the image pass; a mount, no COPY or no file fail', async () => {
  const history = [entry('sha256:top', '/bin/sh -c #(nop)  CMD ["python" "app.py"]', ['clasificador:1.0']), entry('sha256:c', '/bin/sh -c #(nop) COPY file:abc in /app/'), entry('sha256:base', 'CMD ["python3"]', ['python:3.11-slim'])];
  expect(await built(inspectOf(), history, ['/app/app.py'])).toMatchObject({ status: 'pass', message: 'Image clasificador:1.0 was built from a Dockerfile and has the app at /app/app.py.' });
  const mounted = await built(inspectOf({ Mounts: [{ Type: 'bind', Source: '/home/ana/app', Destination: '/app' }] }), history, ['/app/app.py']);
  expect(mounted).toMatchObject({ status: 'fail', actual: '/app ← /home/ana/app' });
  expect(mounted.hint).toContain('-v over /app');
  const noCopy = await built(inspectOf({ Config: { Image: 'python:3.11-slim' } }), history.slice(2), ['/app/app.py']);
  expect(noCopy).toMatchObject({ status: 'fail', message: "Image python:3.11-slim's history has no COPY or ADD of its own: it was not built from a Dockerfile that copies the app." });
  expect(await built(inspectOf(), history, [])).toMatchObject({ status: 'fail', message: 'Image clasificador:1.0 has no app.py at /app/app.py, where its command looks for it.' });
});

test('expose reads the image\'s EXPOSE, not the ports docker run added', async () => {
  const run = (exposedByImage: Record<string, object>, exposedByRun: Record<string, object>) => expose.run(fakeCtx({
    inspect: async () => inspectOf({ Config: { ExposedPorts: exposedByRun } }),
    image: async () => ({ Config: { ExposedPorts: exposedByImage } }) as never,
  }), { container: 'miclasificador', port: '5000/tcp' });
  expect(await run({ '5000/tcp': {} }, { '5000/tcp': {} })).toMatchObject({ status: 'pass', actual: '5000/tcp' });
  expect(await run({}, { '5000/tcp': {} })).toMatchObject({ status: 'fail', message: 'Port 5000/tcp only comes from docker run (-p or --expose): image clasificador:1.0 does not declare it with EXPOSE.', actual: 'none' });
  expect(await run({ '8080/tcp': {} }, {})).toMatchObject({ status: 'fail', message: 'Image clasificador:1.0 does not declare port 5000/tcp (EXPOSE).', actual: '8080/tcp', hint: expect.stringContaining('EXPOSE 5000') });
});

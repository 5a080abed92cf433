import { findLine, logFrames, logLines } from '../../src/checks/docker/logs-contain.js';

/** A multiplexed `docker logs` frame: stream byte, three zero bytes, big-endian length, payload. */
const frame = (stream: 1 | 2, text: string) => {
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

test('without a TTY the log is multiplexed: frames keep their stream and their order', () => {
  const buf = Buffer.concat([frame(1, 'Hola desde Fedora\n'), frame(2, 'bash: aviso\n'), frame(1, 'ñandú\n')]);
  expect(logFrames(buf, false)).toEqual([
    { stream: 'stdout', text: 'Hola desde Fedora\n' },
    { stream: 'stderr', text: 'bash: aviso\n' },
    { stream: 'stdout', text: 'ñandú\n' },
  ]);
  const frames = logFrames(buf, false);
  expect(logLines(frames, 'any', false)).toEqual(['Hola desde Fedora', 'bash: aviso', 'ñandú']);
  expect(logLines(frames, 'stdout', false)).toEqual(['Hola desde Fedora', 'ñandú']);
  expect(logLines(frames, 'stderr', false)).toEqual(['bash: aviso']);
});

test('a frame split across lines and a line split across frames read as the lines written', () => {
  const buf = Buffer.concat([frame(1, 'Hola desde'), frame(1, ' Fedora\nadiós\n')]);
  expect(logLines(logFrames(buf, false), 'stdout', false)).toEqual(['Hola desde Fedora', 'adiós']);
});

test('with a TTY the log is the terminal\'s raw bytes: one stream, carriage returns and control sequences dropped', () => {
  // What `docker logs` shows after typing echo "Hola desde Fedora" in an attached bash.
  const raw = Buffer.from('\x1b[?2004h[root@0a1b2c /]# echo "Hola desde Fedora"\r\n\x1b[?2004l\rHola desde Fedora\r\n\x1b[?2004h[root@0a1b2c /]# ');
  const frames = logFrames(raw, true);
  expect(frames).toHaveLength(1);
  const lines = logLines(frames, 'stderr', true);
  expect(lines).toEqual(['[root@0a1b2c /]# echo "Hola desde Fedora"', '', 'Hola desde Fedora', '[root@0a1b2c /]# ']);
  // The typed command is not the output: a pattern anchored to the line tells them apart.
  expect(findLine(lines, /^\s*Hola desde Fedora\s*$/)).toBe('Hola desde Fedora');
  expect(findLine(['[root@0a1b2c /]# echo "Hola desde Fedora"'], /^\s*Hola desde Fedora\s*$/)).toBeUndefined();
});

test('bytes that are not multiplexed frames are read as they are, and an empty log has no lines', () => {
  expect(logLines(logFrames(Buffer.from('plain text\nmore\n'), false), 'any', false)).toEqual(['plain text', 'more']);
  expect(logLines(logFrames(Buffer.alloc(0), false), 'any', false)).toEqual([]);
  expect(logLines(logFrames(Buffer.alloc(0), true), 'any', true)).toEqual([]);
});

test('each line is tried on its own, so ^ and $ are a line\'s ends', () => {
  expect(findLine(['a', 'Hola desde Fedora', 'b'], /^Hola desde Fedora$/)).toBe('Hola desde Fedora');
  expect(findLine(['xHola desde Fedora'], /^Hola desde Fedora$/)).toBeUndefined();
  expect(findLine(['hola desde fedora'], /^hola desde fedora$/i)).toBe('hola desde fedora');
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser, type FinalResults } from 'tap-parser';
import { runCli } from '../labs/harness.js';

/**
 * Report formats and signed reports through the built CLI, with keys made as the README says (openssl). Reports
 * come from grading lab 1 on the real engine: whatever is there, failing or not, is what gets signed.
 */
const work = mkdtempSync(join(tmpdir(), 'lab-reports-'));
const at = (name: string) => join(work, name);
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(() => {
  execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', at('grader.key')]);
  execFileSync('openssl', ['pkey', '-in', at('grader.key'), '-pubout', '-out', at('grader.pub')]);
  writeFileSync(at('hmac.secret'), execFileSync('openssl', ['rand', '-hex', '32']));
});

const grade = async (extra: string[], env: NodeJS.ProcessEnv = {}) => {
  const run = await runCli(['check', '1', '--lang', 'en', '--timeout', '5', ...extra], env);
  expect([0, 1]).toContain(run.code);
  return run;
};
const verify = (report: string, extra: string[]) => runCli(['verify-report', at(report), '--lang', 'en', ...extra]);
const oneLine = (out: string) => {
  expect(out.trimEnd().split('\n')).toHaveLength(1);
  return out.trim();
};

test('embedded Ed25519: valid with the public key, even re-indented; a student who edits a score is caught', async () => {
  await grade(['--format', 'json', '--sign-key', at('grader.key'), '--output', at('report.json')]);
  const signed = JSON.parse(readFileSync(at('report.json'), 'utf8'));
  expect(signed.signature).toMatchObject({ alg: 'Ed25519' });
  expect(signed.labs[0].checks.length).toBeGreaterThan(5);

  const ok = await verify('report.json', ['--key', at('grader.pub')]);
  // The verdict, then what the report was graded on (README "Traceable grades").
  const [verdict, ...traced] = ok.stdout.trimEnd().split('\n');
  expect([ok.code, verdict, traced[0]]).toEqual([0, expect.stringMatching(/^signature valid: .*report\.json \(Ed25519, key [0-9a-f]{16}\)$/), expect.stringMatching(/^ {2}graded at {3}\S+Z$/)]);
  expect(signed.trace).toMatchObject({ engine: { identity: expect.any(String) }, objects: [] });

  writeFileSync(at('reindented.json'), JSON.stringify(signed, null, 4).replace(/\n/g, '\r\n'));
  expect((await verify('reindented.json', ['--key', at('grader.pub')])).code).toBe(0);

  const cheated = structuredClone(signed);
  cheated.labs[0].score = cheated.labs[0].maxScore;
  cheated.total.score = cheated.total.maxScore;
  cheated.labs[0].checks = cheated.labs[0].checks.map((c: { status: string }) => ({ ...c, status: 'pass' }));
  writeFileSync(at('cheated.json'), JSON.stringify(cheated, null, 2));
  const caught = await verify('cheated.json', ['--key', at('grader.pub')]);
  expect([caught.code, oneLine(caught.stdout)]).toEqual([1, expect.stringMatching(/^signature invalid: .*cheated\.json was changed after it was signed$/)]);

  const { signature: _, ...stripped } = cheated;
  writeFileSync(at('stripped.json'), JSON.stringify(stripped));
  const unsigned = await verify('stripped.json', ['--key', at('grader.pub')]);
  expect([unsigned.code, oneLine(unsigned.stdout)]).toEqual([1, expect.stringMatching(/^unsigned: /)]);

  // With only the public key, a student cannot sign a report of their own.
  const forged = await runCli(['check', '1', '--format', 'json', '--sign-key', at('grader.pub'), '--lang', 'en']);
  expect([forged.code, oneLine(forged.stderr), forged.stdout]).toEqual([2, expect.stringContaining('holds a public key'), '']);
});

test('detached HMAC: <output>.sig next to an unchanged report; found without --signature, checked against the right key', async () => {
  await grade(['--format', 'json', '--sign-key', at('hmac.secret'), '--signature', 'detached', '--output', at('detached.json')]);
  expect(JSON.parse(readFileSync(at('detached.json'), 'utf8')).signature).toBeUndefined();
  expect(JSON.parse(readFileSync(at('detached.json.sig'), 'utf8'))).toMatchObject({ alg: 'HMAC-SHA256', payload: 'json' });

  expect((await verify('detached.json', ['--key', at('hmac.secret')])).code).toBe(0);
  expect((await verify('detached.json', ['--key', at('hmac.secret'), '--signature', at('detached.json.sig')])).code).toBe(0);
  const wrongKey = await verify('detached.json', ['--key', at('grader.pub')]);
  expect([wrongKey.code, oneLine(wrongKey.stdout)]).toEqual([1, expect.stringContaining('signed with another key')]);

  const report = JSON.parse(readFileSync(at('detached.json'), 'utf8'));
  report.total.score += 1;
  writeFileSync(at('detached.json'), JSON.stringify(report, null, 2));
  const caught = await verify('detached.json', ['--key', at('hmac.secret')]);
  expect([caught.code, oneLine(caught.stdout)]).toEqual([1, expect.stringContaining('was changed after it was signed')]);
});

test('any other format is signed detached, byte for byte', async () => {
  await grade(['--format', 'junit', '--sign-key', at('grader.key'), '--signature', 'detached', '--output', at('report.xml')]);
  expect((await verify('report.xml', ['--key', at('grader.pub')])).code).toBe(0);
  writeFileSync(at('report.xml'), readFileSync(at('report.xml'), 'utf8').replace(/failures="\d+"/, 'failures="0"').replace(/<failure /g, '<skipped '));
  expect((await verify('report.xml', ['--key', at('grader.pub')])).code).toBe(1);
});

test('usage errors are exit 2 with one line, before anything is graded', async () => {
  const embeddedPretty = await runCli(['check', '1', '--sign-key', at('grader.key'), '--lang', 'en'], { DOCKER_HOST: 'unix:///nonexistent.sock' });
  expect([embeddedPretty.code, oneLine(embeddedPretty.stderr)]).toEqual([2, 'lab: An embedded signature needs --format json; --signature detached signs the bytes of a pretty report.']);
  const noOutput = await runCli(['check', '1', '--format', 'json', '--sign-key', at('grader.key'), '--signature', 'detached', '--lang', 'en'], { DOCKER_HOST: 'unix:///nonexistent.sock' });
  expect([noOutput.code, oneLine(noOutput.stderr)]).toEqual([2, expect.stringContaining('give --output FILE')]);
  const noKey = await runCli(['check', '1', '--format', 'json', '--sign-key', at('missing.key'), '--lang', 'en']);
  expect([noKey.code, oneLine(noKey.stderr)]).toEqual([2, expect.stringMatching(/^lab: Cannot read .*missing\.key \(ENOENT\)\.$/)]);

  writeFileSync(at('x.json'), '{}');
  const missing = await verify('nothing.json', ['--key', at('grader.pub')]);
  expect([missing.code, oneLine(missing.stderr), missing.stdout]).toEqual([2, expect.stringContaining('nothing.json (ENOENT)'), '']);
  writeFileSync(at('broken.pem'), '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n');
  const badKey = await verify('x.json', ['--key', at('broken.pem')]);
  expect([badKey.code, oneLine(badKey.stderr)]).toEqual([2, expect.stringContaining('cannot be used')]);
  const noKeyFlag = await verify('x.json', []);
  expect(noKeyFlag.code).toBe(2);
  expect(existsSync(at('x.json.sig'))).toBe(false);
});

test('--format github prints workflow commands and appends the Markdown summary to $GITHUB_STEP_SUMMARY', async () => {
  writeFileSync(at('summary.md'), '# earlier step\n');
  const run = await grade(['--format', 'github'], { GITHUB_STEP_SUMMARY: at('summary.md') });
  const lines = run.stdout.trimEnd().split('\n');
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) title=[^\n]*::/);
  const summary = readFileSync(at('summary.md'), 'utf8');
  expect(summary).toMatch(/^# earlier step\n## Lab 1 · mysql — /);
  expect(summary).toContain('| :-: | --- | --: | --- |');
  // Without the variable nothing but the report is written.
  const plain = await grade(['--format', 'github'], { GITHUB_STEP_SUMMARY: '' });
  expect(plain.stdout.split('\n')[0]).toMatch(/^::/);
});

test('a real run in tap reads back with a TAP parser, and in gradescope its tests add up to the score', async () => {
  const json = JSON.parse((await grade(['--format', 'json'])).stdout);
  const checks = json.labs[0].checks.length;
  const tap = (await grade(['--format', 'tap'])).stdout;
  const final = await new Promise<FinalResults>((done) => {
    const parser = new Parser({ strict: true });
    parser.on('complete', done);
    parser.end(tap);
  });
  expect(final.count).toBe(checks);
  expect(final.failures.filter((f) => f.tapError)).toEqual([]);
  const gs = JSON.parse((await grade(['--format', 'gradescope'])).stdout);
  const sum = (k: string) => gs.tests.reduce((n: number, t: Record<string, number>) => n + t[k], 0);
  expect([gs.score, gs.max_score]).toEqual([sum('score'), sum('max_score')]);
  expect(gs.tests.length).toBe(checks - json.labs[0].checks.filter((c: { skipReason?: string }) => c.skipReason === 'optional').length);
});

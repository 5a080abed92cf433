import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { errorCode, errorReason, UserError } from '../errors.js';
import type { Translator } from '../i18n/index.js';
import { manifestsRoot, type GlobalArgs } from './context.js';

type KindArgs = GlobalArgs & { name: string; image?: string; config?: string };
type StudentArgs = GlobalArgs & { students: string[]; prefix: string };

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * manifests/student.yaml for one student: its two placeholders filled in, as envsubst
 * '${STUDENT} ${NAMESPACE}' would, without the leading comment that explains them.
 */
export function stampStudent(template: string, student: string, namespace: string): string {
  const body = template.replace(/^(#.*\n)+/, '');
  return body.replaceAll('${STUDENT}', student).replaceAll('${NAMESPACE}', namespace);
}

/** Runs kind with the terminal's stdio and resolves to its exit code. */
function runKind(args: string[], t: Translator): Promise<number> {
  // Ctrl-C reaches kind too (same process group); wait for it to clean up and pass on its code.
  const ignore = () => {};
  process.on('SIGINT', ignore);
  return new Promise<number>((done, fail) => {
    const child = spawn('kind', args, { stdio: 'inherit' });
    child.on('error', (err) =>
      fail(new UserError(errorCode(err) === 'ENOENT' ? t('cluster.noKind') : t('cluster.kindFailed', { reason: errorReason(err) }), err)),
    );
    child.on('exit', (code, signal) => done(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  }).finally(() => process.off('SIGINT', ignore));
}

const kindCommand = (t: Translator, action: 'create' | 'delete'): CommandModule<GlobalArgs, KindArgs> => ({
  command: action,
  describe: t(action === 'create' ? 'help.clusterCreate' : 'help.clusterDelete'),
  builder: (y) => {
    const withName = y.option('name', { type: 'string', default: 'lab-grader', describe: t('help.clusterName') });
    return action === 'delete'
      ? withName
      : withName
          .option('image', { type: 'string', describe: t('help.clusterImage') })
          .option('config', { type: 'string', describe: t('help.clusterConfig') });
  },
  async handler(args) {
    const kindArgs = [action, 'cluster', '--name', args.name];
    if (action === 'create') {
      kindArgs.push('--config', resolve(args.config ?? join(manifestsRoot(), 'kind-classroom.yaml')));
      if (args.image) kindArgs.push('--image', args.image);
    }
    process.exitCode = await runKind(kindArgs, t);
  },
});

const studentCommand = (t: Translator): CommandModule<GlobalArgs, StudentArgs> => ({
  command: 'student <students..>',
  describe: t('help.clusterStudent'),
  builder: (y) =>
    y
      .positional('students', { type: 'string', array: true, demandOption: true, describe: t('help.clusterStudents') })
      .option('prefix', { type: 'string', default: 'alumno-', describe: t('help.clusterPrefix') }),
  handler(args) {
    const template = readFileSync(join(manifestsRoot(), 'student.yaml'), 'utf8');
    const docs = args.students.map(String).map((student) => {
      const namespace = `${args.prefix}${student}`;
      if (!DNS_LABEL.test(student) || !DNS_LABEL.test(namespace) || namespace.length > 63) {
        throw new UserError(t('cluster.badStudent', { name: student, namespace }));
      }
      return `# ${student}\n${stampStudent(template, student, namespace)}`;
    });
    process.stdout.write(docs.join('---\n'));
  },
});

const graderCommand = (t: Translator): CommandModule<GlobalArgs, GlobalArgs> => ({
  command: 'grader',
  describe: t('help.clusterGrader'),
  handler() {
    process.stdout.write(readFileSync(join(manifestsRoot(), 'grader-rbac.yaml'), 'utf8'));
  },
});

export const clusterCommand = (t: Translator): CommandModule<GlobalArgs, GlobalArgs> => ({
  command: 'cluster',
  describe: t('help.cluster'),
  builder: (y: Argv<GlobalArgs>) =>
    y
      .command(kindCommand(t, 'create'))
      .command(kindCommand(t, 'delete'))
      .command(studentCommand(t))
      .command(graderCommand(t))
      .demandCommand(1, t('help.clusterDemand')),
  handler() {},
});

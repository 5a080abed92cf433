import type { Argv } from 'yargs';
import type { Translator } from '../i18n/index.js';
import { readCourseSecret } from '../spec/student.js';

/** --student and --course-secret (per-student parameters: src/spec/params.ts). */
export interface StudentArgs {
  student?: string;
  courseSecret?: string;
}

export const studentOptions = <T>(y: Argv<T>, t: Translator, withStudent = true) => {
  const withSecret = y.option('course-secret', { type: 'string', describe: t('help.courseSecret') });
  return withStudent ? withSecret.option('student', { type: 'string', describe: t('help.student') }) : withSecret;
};

/** The course secret of this run: --course-secret, else LAB_COURSE_SECRET_FILE, else none. */
export const courseSecretOf = (args: StudentArgs, t: Translator): Buffer | undefined => readCourseSecret(t, args.courseSecret || process.env.LAB_COURSE_SECRET_FILE || undefined);

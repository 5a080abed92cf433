import type { Logger } from 'pino';
import type { Lang, Translator } from '../i18n/index.js';
import type { LabResult } from '../runner/result.js';
import { runLab } from '../runner/run-lab.js';
import type { LabSpec } from '../spec/types.js';
import type { KubeTarget } from '../targets/kubernetes.js';
import type { Student } from './roster.js';

export interface GradebookRow extends Student {
  lab: LabResult;
}

export interface ClassOptions {
  lang: Lang;
  t: Translator;
  log: Logger;
  timeoutSeconds: number;
  /** A cluster-wide target per kubeconfig context (undefined: the current one), connected once. */
  target(context?: string): Promise<KubeTarget>;
  /** Students graded at the same time; their checks share the cluster-wide LISTs. */
  concurrency?: number;
  /** The lab as this student must solve it (per-student parameters); the lab itself when absent. */
  personal?(lab: LabSpec, student: Student): LabSpec;
  /** What a student's result shows of their values (src/spec/student.ts redactResult). */
  redact?(lab: LabSpec, result: LabResult): LabResult;
}

/**
 * Grades every student on every lab from one snapshot of each cluster: the LISTs are
 * shared, so the requests made grow with the kinds asked for, not with the students.
 */
export async function gradeClass(labs: LabSpec[], students: Student[], opts: ClassOptions): Promise<GradebookRow[]> {
  const jobs = students.flatMap((student) => labs.map((lab) => ({ student, lab })));
  const rows: GradebookRow[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < jobs.length; i = next++) {
      const { student } = jobs[i];
      const lab = opts.personal ? opts.personal(jobs[i].lab, student) : jobs[i].lab;
      const target = () => opts.target(student.context);
      const result = await runLab(lab, {
        lang: opts.lang,
        t: opts.t,
        log: opts.log.child({ student: student.student }),
        timeoutSeconds: opts.timeoutSeconds,
        deep: false,
        namespace: student.namespace,
        snapshot: true,
        recordUnreachable: true,
        docker: () => Promise.reject(new Error('a class is graded on Kubernetes labs only')),
        kube: target,
      });
      rows[i] = { ...student, lab: opts.redact ? opts.redact(lab, result) : result };
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 16, jobs.length) }, worker));
  return rows;
}

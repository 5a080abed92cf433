/** A problem with the user's command, spec or environment: exit 2 with one line, no stack trace. */
export class UserError extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * The target (engine, cluster) could not be asked while a check ran: the check ends in
 * `error`, never `fail`. The message is already translated and fits on one line.
 */
export class TargetError extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = 'TargetError';
  }
}

/** The cluster refused what only --deep does (port-forward, delete): a permission is missing. */
export class ForbiddenError extends TargetError {
  constructor(message: string, cause?: unknown) {
    super(message, cause);
    this.name = 'ForbiddenError';
  }
}

/** The first errno-style code (ECONNREFUSED, ENOTFOUND, …) along an error's cause chain. */
export function errorCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined, depth = 0; e && depth < 6; depth++) {
    if (typeof e.code === 'string') return e.code;
    e = (e.cause ?? e.errors?.[0]) as typeof e;
  }
  return undefined;
}

/** What to tell a person: the errno-style code if there is one, else the innermost cause's message. */
export function errorReason(err: unknown): string {
  const code = errorCode(err);
  if (code) return code;
  let e = err as { message?: string; cause?: unknown } | undefined;
  let message = String(e?.message ?? err);
  for (let depth = 0; e?.cause && depth < 6; depth++) {
    e = e.cause as typeof e;
    if (e?.message) message = e.message;
  }
  return message;
}

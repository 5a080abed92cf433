/** A problem with the user's command, spec or environment: exit 2 with one line, no stack trace. */
export class UserError extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = 'UserError';
  }
}

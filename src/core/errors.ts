// The one error type the services throw. Each carries a stable code, an HTTP status and,
// for bad input, the fields at fault; src/server/errors.ts turns it into the API's shape.

export interface FieldProblem {
  field: string;
  message: string;
  /**
   * What kind of problem, for clients that say it in the user's language (`required`,
   * `too_long` with `params.limit`, …); the message is the English fallback.
   */
  code?: string;
  params?: Record<string, string | number>;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const errors = {
  validation: (details: FieldProblem[], message?: string) =>
    new AppError(400, 'validation_failed', message ?? `invalid ${details.map((d) => d.field).join(', ')}`, details),
  field: (field: string, message: string) => errors.validation([{ field, message }], `${field}: ${message}`),
  /** A body names an id that does not exist or lies outside the caller's scope (the same answer for both). */
  reference: (field: string, what: string) =>
    new AppError(400, 'invalid_reference', `${field}: no such ${what}`, [{ field, message: `no such ${what}`, code: 'invalid_reference' }]),
  unauthenticated: (message = 'login required') => new AppError(401, 'unauthenticated', message),
  forbidden: (message = 'this account may not do that') => new AppError(403, 'forbidden', message),
  notFound: (what: string) => new AppError(404, 'not_found', `${what} not found`),
  conflict: (message: string, details: FieldProblem[] = []) => new AppError(409, 'conflict', message, details),
  /** The plain "already in use" names its kind; a message of its own says more than that. */
  duplicate: (field: string, message?: string) =>
    new AppError(409, 'duplicate', `${field}: ${message ?? 'already in use'}`, [
      message === undefined ? { field, message: 'already in use', code: 'duplicate' } : { field, message },
    ]),
  inUse: (message: string) => new AppError(409, 'in_use', message),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError(429, 'rate_limited', `too many attempts; try again in ${retryAfterSeconds} s`, [], {
      'retry-after': String(retryAfterSeconds),
    }),
};

// The one error type for HTTP answers other than success: a status, a stable problem `code`
// tests and clients match on, a human `detail`, and for bad input every wrong field. Thrown
// anywhere in a handler; problem-response.ts turns it into application/problem+json.

/** One wrong field of a request: where, what is expected, and a stable code (zod's issue code). */
export interface FieldError {
  field: string;
  message: string;
  code: string;
}

/** Named problems; a client branches on these, never on the wording of `detail`. */
export type ProblemCode =
  | 'invalid-request'
  | 'malformed-json'
  | 'unsupported-media-type'
  | 'payload-too-large'
  | 'not-found'
  | 'method-not-allowed'
  | 'unauthorized'
  | 'invalid-signature'
  | 'host-not-allowed'
  | 'request-timeout'
  | 'misconfigured'
  | 'storage-unavailable'
  | 'internal';

export interface HttpErrorOptions {
  errors?: readonly FieldError[];
  headers?: Record<string, string>;
}

export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly errors: readonly FieldError[];
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    /** Safe to show: never holds request values (they may be secrets). */
    readonly detail: string,
    options: HttpErrorOptions = {},
  ) {
    super(detail);
    this.errors = options.errors ?? [];
    this.headers = options.headers ?? {};
  }
}

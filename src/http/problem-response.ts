// The one place errors become HTTP responses: RFC 9457 problem details
// (https://www.rfc-editor.org/rfc/rfc9457) with our `code` and, for bad input, `errors` naming every
// wrong field. Anything that is not an HttpError is a bug: it is logged with its stack and the
// client gets a plain 500 that reveals nothing.
import type { HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { ConfigError } from '../config.js';
import { StorageUnavailableError } from '../state/table-policy.js';
import { HttpError, type ProblemCode } from './http-error.js';

const titles: Record<ProblemCode, string> = {
  'invalid-request': 'The request has invalid fields',
  'malformed-json': 'The body is not valid JSON',
  'unsupported-media-type': 'The body must be JSON',
  'payload-too-large': 'The body is too large',
  'not-found': 'Not found',
  'method-not-allowed': 'Method not allowed',
  unauthorized: 'A function key is required',
  'invalid-signature': 'The request is not signed by Slack',
  'host-not-allowed': 'This host name is not served here',
  'request-timeout': 'The body did not arrive in time',
  misconfigured: 'The app is not configured',
  'storage-unavailable': 'Storage is unavailable',
  internal: 'Internal error',
};

export const problemSchema = z.object({
  type: z.string().describe('A URN naming the problem: urn:snat-watch:problem:<code>.'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.enum(Object.keys(titles) as [ProblemCode, ...ProblemCode[]]),
  errors: z
    .array(z.object({ field: z.string(), message: z.string(), code: z.string() }))
    .optional()
    .describe('Every wrong field, for invalid-request.'),
});
export type Problem = z.output<typeof problemSchema>;

export function problemBody(error: HttpError): Problem {
  return {
    type: `urn:snat-watch:problem:${error.code}`,
    title: titles[error.code],
    status: error.status,
    detail: error.detail,
    code: error.code,
    ...(error.errors.length > 0 ? { errors: [...error.errors] } : {}),
  };
}

export function problemResponse(error: unknown, context?: InvocationContext): HttpResponseInit {
  const known =
    error instanceof HttpError
      ? error
      : error instanceof ConfigError
        ? misconfigured(error, context)
        : error instanceof StorageUnavailableError
          ? storageUnavailable(error, context)
          : internalError(error, context);
  return {
    status: known.status,
    headers: { ...known.headers, 'content-type': 'application/problem+json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
    body: JSON.stringify(problemBody(known), null, 2),
  };
}

/** The operator's mistake, not the caller's: say which settings are wrong (keys only, never values). */
function misconfigured(error: ConfigError, context?: InvocationContext): HttpError {
  context?.error(error.message);
  return new HttpError(503, 'misconfigured', `The app's settings are invalid: ${error.problems.join('; ')}`);
}

/** Not a bug and not the caller's fault: the state storage is down or slow; worth retrying shortly. */
function storageUnavailable(error: StorageUnavailableError, context?: InvocationContext): HttpError {
  context?.warn(error.message);
  return new HttpError(503, 'storage-unavailable', 'The state storage (Azure Table Storage) is unavailable right now; nothing is lost. Try again shortly.', {
    headers: { 'retry-after': String(STORAGE_RETRY_AFTER_IN_SECONDS) },
  });
}

/** The watch runs every minute; half of that is a fair first wait. */
const STORAGE_RETRY_AFTER_IN_SECONDS = 30;

function internalError(error: unknown, context?: InvocationContext): HttpError {
  context?.error('Unhandled error:', error instanceof Error ? (error.stack ?? error.message) : String(error));
  return new HttpError(500, 'internal', 'Something went wrong on our side; it has been logged.');
}

/** Runs a handler body and answers any error as problem+json. */
export async function answerProblems(
  context: InvocationContext,
  handle: () => Promise<HttpResponseInit>,
): Promise<HttpResponseInit> {
  try {
    return await handle();
  } catch (error) {
    return problemResponse(error, context);
  }
}

export function methodNotAllowed(method: string, allowed: readonly string[]): HttpError {
  return new HttpError(405, 'method-not-allowed', `${method.replace(/[^A-Z]/gi, '').slice(0, 16)} is not supported here; use ${allowed.join(' or ')}.`, {
    headers: { allow: allowed.join(', ') },
  });
}

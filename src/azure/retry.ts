// One bounded retry loop for every Azure read. The SDK clients run with their own retries off
// (their throttling policy honours Retry-After only on 429/503, without a cap, and treats 529 as a
// plain 5xx), so throttling is handled here: 429, 503 and 529 wait for Retry-After (capped), other
// transient failures back off exponentially with jitter. Each attempt runs under the caller's
// deadline: an attempt that got no answer (CALL_TIMEOUT) is tried again, a wait that would end past
// the deadline is not started (the read gives up as it stands, so a throttled batch never holds the
// run), and once the deadline fired the read fails with DEADLINE_EXCEEDED.
// https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
// https://learn.microsoft.com/azure/azure-monitor/metrics/migrate-to-batch-api (429/529 = throttled)
import { setTimeout as delay } from 'node:timers/promises';
import { TimeoutError, type Deadline } from './deadline.js';

/** The parts of the SDKs' RestError used here (duck-typed: it comes from a transitive package). */
interface RestErrorLike {
  statusCode?: number;
  code?: string;
  response?: { headers: { get(name: string): string | undefined } };
}

export interface RetryOptions {
  /** Retries after the first attempt (default 4). */
  maxRetries?: number;
  /** Base of the exponential backoff (default 1,000 ms). */
  retryDelayInMs?: number;
  /** Cap of any single wait, Retry-After included (default 30,000 ms). */
  maxRetryDelayInMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** When the read must be over (the run's, or its batch's): its signal goes to every attempt. */
  deadline?: Deadline;
}

/** Statuses that mean "slow down": Azure's throttling answers. */
export const THROTTLING_STATUSES: ReadonlySet<number> = new Set([429, 503, 529]);
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 500, 502, 504]);
const TRANSIENT_CODES: ReadonlySet<string> = new Set(['REQUEST_SEND_ERROR', 'ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE']);

export async function withRetry<T>(operation: (abortSignal: AbortSignal | undefined) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxRetries = options.maxRetries ?? 4;
  const base = options.retryDelayInMs ?? 1_000;
  const cap = options.maxRetryDelayInMs ?? 30_000;
  const { deadline } = options;
  const sleep = options.sleep ?? ((ms: number) => delay(ms, undefined, { signal: deadline?.signal }));
  for (let attempt = 0; ; attempt++) {
    if (deadline?.signal.aborted) throw deadlineExceeded(attempt);
    try {
      return await operation(deadline?.signal);
    } catch (error) {
      if (deadline?.signal.aborted) throw deadlineExceeded(attempt + 1);
      if (attempt >= maxRetries || !isRetryable(error)) throw error;
      const hinted = retryAfterInMs(error);
      const wait = Math.min(hinted ?? base * 2 ** attempt * (0.8 + Math.random() * 0.4), cap);
      // Waiting past the deadline cannot help: give up now with the answer we have.
      if (deadline && Date.now() + wait >= deadline.at) throw error;
      try {
        await sleep(wait);
      } catch (sleepError) {
        if (deadline?.signal.aborted) throw deadlineExceeded(attempt + 1);
        throw sleepError;
      }
    }
  }
}

function deadlineExceeded(attempts: number): TimeoutError {
  return new TimeoutError('DEADLINE_EXCEEDED', `no answer before the deadline (${attempts} attempt(s) made)`);
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as RestErrorLike | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function isRetryable(error: unknown): boolean {
  if (error instanceof TimeoutError) return error.code === 'CALL_TIMEOUT';
  const status = statusOf(error);
  if (status !== undefined) return THROTTLING_STATUSES.has(status) || TRANSIENT_STATUSES.has(status);
  const code = (error as RestErrorLike | null)?.code;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

/**
 * Resource Graph's `x-ms-user-quota-resets-after` (hh:mm:ss): when the query quota comes back.
 * https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests
 */
function quotaResetInMs(value: string | undefined): number | undefined {
  const match = /^(\d+):(\d{2}):(\d{2})$/.exec(value ?? '');
  return match ? ((Number(match[1]) * 60 + Number(match[2])) * 60 + Number(match[3])) * 1000 : undefined;
}

/** The server's wait hint: `retry-after-ms`, `x-ms-retry-after-ms`, `Retry-After` (seconds or an HTTP date), or Resource Graph's quota reset. */
export function retryAfterInMs(error: unknown, now: number = Date.now()): number | undefined {
  const headers = (error as RestErrorLike | null)?.response?.headers;
  if (!headers) return undefined;
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = Number(headers.get(name));
    if (headers.get(name) && Number.isFinite(ms) && ms >= 0) return ms;
  }
  const value = headers.get('retry-after');
  if (!value) return quotaResetInMs(headers.get('x-ms-user-quota-resets-after'));
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

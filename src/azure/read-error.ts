// Why a target could not be read. One unreadable target never stops the others: every read
// answers per target with its value or one of these, and the pipeline counts them towards a
// "monitoring blind" alert.
import { isTimeout } from './deadline.js';
import { statusOf, THROTTLING_STATUSES } from './retry.js';

/** `timeout`: Azure (or the token endpoint) did not answer before the attempt's timeout or the run's deadline. */
export type ReadErrorKind = 'forbidden' | 'not-found' | 'throttled' | 'timeout' | 'failed';

export interface TargetReadError {
  targetId: string;
  kind: ReadErrorKind;
  /** HTTP status when Azure answered; null for network failures and bad answers. */
  statusCode: number | null;
  /** Azure's own words (error code and message), without tokens or request details. */
  message: string;
}

export type TargetRead<T> =
  | { targetId: string; ok: true; value: T }
  | { targetId: string; ok: false; error: TargetReadError };

const MAX_MESSAGE_LENGTH = 400;

export function readErrorKind(status: number | undefined): ReadErrorKind {
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status !== undefined && THROTTLING_STATUSES.has(status)) return 'throttled';
  return 'failed';
}

export function toReadError(targetId: string, error: unknown): TargetReadError {
  const status = statusOf(error);
  const code = (error as { code?: unknown } | null)?.code;
  const text = error instanceof Error ? error.message : String(error);
  const message = `${typeof code === 'string' && !text.startsWith(code) ? `${code}: ` : ''}${text}`.replace(/\s+/g, ' ').trim();
  return {
    targetId,
    kind: status === undefined && isTimeout(error) ? 'timeout' : readErrorKind(status),
    statusCode: status ?? null,
    message: message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message,
  };
}

export function failedRead<T>(targetId: string, error: unknown): TargetRead<T> {
  return { targetId, ok: false, error: toReadError(targetId, error) };
}

// The retry loop both Slack senders share: one attempt at a time, a retryable failure waits what Slack
// asked for (Retry-After) or a backoff, within a bounded number of retries and a bounded total wait.
// An ambiguous failure (the body went out, no answer came) is never retried here: the outbox decides.
import { setTimeout as sleep } from 'node:timers/promises';
import { nextDelayInMs } from './retry-delay.js';

/** What one attempt reports when it failed; undefined means it succeeded. */
export interface AttemptFailure {
  retryable: boolean;
  outcome: 'not-sent' | 'unknown';
  retryAfterInMs?: number;
}

export interface RetryLoopOptions {
  maxRetries: number;
  maxWaitInMs: number;
  retryDelayInMs: number;
  abortSignal?: AbortSignal;
}

/** Runs `attempt` until it succeeds or a failure should not be retried; answers the last result and the attempts made. */
export async function retryLoop<S, F extends AttemptFailure>(
  attempt: () => Promise<{ ok: true; value: S } | { ok: false; failure: F }>,
  options: RetryLoopOptions,
): Promise<{ ok: true; value: S; attempts: number } | { ok: false; failure: F; attempts: number }> {
  let waitedInMs = 0;
  for (let count = 1; ; count++) {
    const result = await attempt();
    if (result.ok) return { ...result, attempts: count };
    const { failure } = result;
    const done = { ok: false as const, failure, attempts: count };
    if (!failure.retryable || failure.outcome === 'unknown' || count > options.maxRetries || options.abortSignal?.aborted) return done;
    const delayInMs = failure.retryAfterInMs ?? nextDelayInMs(options.retryDelayInMs, count);
    if (waitedInMs + delayInMs > options.maxWaitInMs) return done;
    try {
      await sleep(delayInMs, undefined, { signal: options.abortSignal });
    } catch {
      return done;
    }
    waitedInMs += delayInMs;
  }
}

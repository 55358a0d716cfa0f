import { RestError, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { deadlineIn, TimeoutError } from '../../src/azure/deadline.js';
import { retryAfterInMs, withRetry } from '../../src/azure/retry.js';

/** A RestError as the SDK clients throw it, with response headers. */
function restError(statusCode: number, headers: Record<string, string> = {}): RestError {
  const request = createPipelineRequest({ url: 'https://127.0.0.1/' });
  return new RestError(`HTTP ${statusCode}`, { statusCode, request, response: { status: statusCode, headers: createHttpHeaders(headers), request } });
}

function failing(errors: unknown[]): () => Promise<string> {
  return async () => {
    const error = errors.shift();
    if (error) throw error;
    return 'done';
  };
}

describe('withRetry', () => {
  it.each([
    { name: '429 with Retry-After seconds', error: restError(429, { 'retry-after': '7' }), wait: 7_000 },
    { name: '529 with Retry-After', error: restError(529, { 'retry-after': '2' }), wait: 2_000 },
    { name: '503 with retry-after-ms', error: restError(503, { 'retry-after-ms': '250' }), wait: 250 },
    { name: 'Retry-After above the cap', error: restError(429, { 'retry-after': '3600' }), wait: 30_000 },
  ])('should wait as the server asks ($name), then succeed', async ({ error, wait }) => {
    const waits: number[] = [];
    await expect(withRetry(failing([error]), { sleep: async (ms) => void waits.push(ms) })).resolves.toBe('done');
    expect(waits).toEqual([wait]);
  });

  it('should back off exponentially when no Retry-After is given', async () => {
    const waits: number[] = [];
    const errors = [restError(529), restError(500), restError(502)];
    await withRetry(failing(errors), { retryDelayInMs: 100, sleep: async (ms) => void waits.push(ms) });
    expect(waits).toHaveLength(3);
    waits.forEach((ms, attempt) => expect(ms).toBeGreaterThanOrEqual(100 * 2 ** attempt * 0.8));
    waits.forEach((ms, attempt) => expect(ms).toBeLessThanOrEqual(100 * 2 ** attempt * 1.2));
  });

  it('should stop after maxRetries and throw the last error', async () => {
    const last = restError(429, { 'retry-after': '1' });
    const errors = [restError(429), restError(429), last];
    await expect(withRetry(failing(errors), { maxRetries: 2, sleep: async () => {} })).rejects.toBe(last);
  });

  it.each([
    { name: '403', error: restError(403) },
    { name: '404', error: restError(404) },
    { name: '400', error: restError(400) },
    { name: 'a programming error', error: new TypeError('bad') },
  ])('should not retry $name', async ({ error }) => {
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw error; }, { sleep: async () => {} })).rejects.toBe(error);
    expect(calls).toBe(1);
  });
});

describe('retryAfterInMs', () => {
  it('should read an HTTP date relative to now', () => {
    const now = Date.parse('2026-03-02T10:00:00Z');
    expect(retryAfterInMs(restError(429, { 'retry-after': 'Mon, 02 Mar 2026 10:00:05 GMT' }), now)).toBe(5_000);
  });

  it('should wait for Resource Graph\'s quota to come back when a 429 names only x-ms-user-quota-resets-after', () => {
    expect(retryAfterInMs(restError(429, { 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': '00:00:03' }))).toBe(3_000);
    // Retry-After, when sent, wins.
    expect(retryAfterInMs(restError(429, { 'retry-after': '1', 'x-ms-user-quota-resets-after': '00:00:03' }))).toBe(1_000);
  });

  it('should ignore what it cannot read', () => {
    expect(retryAfterInMs(restError(429, { 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterInMs(new Error('no response'))).toBeUndefined();
  });
});

describe('withRetry under a deadline', () => {
  it('should give up at once, with the server\'s answer, when its Retry-After does not fit before the deadline', async () => {
    const throttled = restError(429, { 'retry-after': '30' });
    const waits: number[] = [];
    const started = Date.now();
    await expect(withRetry(failing([throttled]), { deadline: deadlineIn(5_000), sleep: async (ms) => void waits.push(ms) })).rejects.toBe(throttled);
    expect(waits).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('should try again after an attempt that timed out, while the deadline allows', async () => {
    const waits: number[] = [];
    const timedOut = new TimeoutError('CALL_TIMEOUT', 'GET https://127.0.0.1/x did not answer within 500 ms');
    await expect(withRetry(failing([timedOut]), { deadline: deadlineIn(60_000), sleep: async (ms) => void waits.push(ms) })).resolves.toBe('done');
    expect(waits).toHaveLength(1);
  });

  it('should fail with DEADLINE_EXCEEDED, and stop the hung attempt, once the deadline fires', async () => {
    let aborted = false;
    const hung = (signal: AbortSignal | undefined) =>
      new Promise<string>((_, reject) => signal?.addEventListener('abort', () => ((aborted = true), reject(new Error('aborted')))));
    const error = await withRetry(hung, { deadline: deadlineIn(100) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(aborted).toBe(true);
  });
});

import { RestError, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
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

  it('should ignore what it cannot read', () => {
    expect(retryAfterInMs(restError(429, { 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterInMs(new Error('no response'))).toBeUndefined();
  });
});

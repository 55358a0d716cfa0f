import { describe, expect, it } from 'vitest';
import { nextDelayInMs, parseRetryAfterInMs } from '../../src/slack/retry-delay.js';

describe('parseRetryAfterInMs', () => {
  const now = new Date('2026-11-29T10:00:00Z');
  it.each([
    { name: 'seconds', header: '30', expected: 30_000 },
    { name: 'zero', header: '0', expected: 0 },
    { name: 'fractional seconds', header: '1.5', expected: 1_500 },
    { name: 'an HTTP date', header: 'Sun, 29 Nov 2026 10:00:45 GMT', expected: 45_000 },
    { name: 'a date in the past', header: 'Sun, 29 Nov 2026 09:59:00 GMT', expected: 0 },
    { name: 'no header', header: null, expected: undefined },
    { name: 'garbage', header: 'soon', expected: undefined },
    { name: 'a negative number', header: '-5', expected: undefined },
  ])('should read $name', ({ header, expected }) => {
    expect(parseRetryAfterInMs(header, now)).toBe(expected);
  });
});

describe('nextDelayInMs', () => {
  it.each([
    { name: 'first retry', attempt: 1, low: 250, high: 500 },
    { name: 'third retry', attempt: 3, low: 1_000, high: 2_000 },
  ])('should back off exponentially with jitter on the $name', ({ attempt, low, high }) => {
    for (let sample = 0; sample < 50; sample++) {
      const delay = nextDelayInMs(500, attempt);
      expect(delay).toBeGreaterThanOrEqual(low);
      expect(delay).toBeLessThanOrEqual(high);
    }
  });
});

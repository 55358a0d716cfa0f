import { describe, expect, it } from 'vitest';
import { nextOccurrence, parseSchedule } from '../../src/local/ncrontab.js';

describe('nextOccurrence', () => {
  it.each([
    { name: 'every minute, mid-minute', expression: '0 */1 * * * *', after: '2026-11-29T10:15:30Z', next: '2026-11-29T10:16:00.000Z' },
    { name: 'every minute, on the minute', expression: '0 */1 * * * *', after: '2026-11-29T10:16:00Z', next: '2026-11-29T10:17:00.000Z' },
    { name: 'daily 08:00 before', expression: '0 0 8 * * *', after: '2026-11-29T07:59:59Z', next: '2026-11-29T08:00:00.000Z' },
    { name: 'daily 08:00 after', expression: '0 0 8 * * *', after: '2026-11-29T08:00:00Z', next: '2026-11-30T08:00:00.000Z' },
    { name: 'every 5 seconds', expression: '*/5 * * * * *', after: '2026-11-29T10:00:03Z', next: '2026-11-29T10:00:05.000Z' },
    { name: 'month rollover', expression: '0 0 0 1 * *', after: '2026-12-15T00:00:00Z', next: '2027-01-01T00:00:00.000Z' },
    { name: 'weekday names', expression: '0 30 9 * * mon-fri', after: '2026-11-28T12:00:00Z', next: '2026-11-30T09:30:00.000Z' },
    { name: 'day AND weekday, as NCrontab', expression: '0 0 0 13 * fri', after: '2026-01-01T00:00:00Z', next: '2026-02-13T00:00:00.000Z' },
    { name: 'leap day', expression: '0 0 0 29 feb *', after: '2026-03-01T00:00:00Z', next: '2028-02-29T00:00:00.000Z' },
  ])('should fire next at $next for "$expression" ($name)', ({ expression, after, next }) => {
    expect(nextOccurrence(parseSchedule(expression), new Date(after)).toISOString()).toBe(next);
  });

  it.each([
    { name: 'five fields (Unix cron)', expression: '*/5 * * * *', message: /needs 6/ },
    { name: 'minute out of range', expression: '0 61 * * * *', message: /Invalid value for minute: 61/ },
    { name: 'garbage', expression: '0 x * * * *', message: /Schedule "0 x \* \* \* \*": .*\(x\) contains illegal characters/ },
    { name: 'weekday out of range', expression: '0 0 8 * * 8', message: /day/ },
    { name: 'never', expression: '0 0 0 31 feb *', message: /never fires/ },
  ])('should reject $name with a clear message', ({ expression, message }) => {
    expect(() => nextOccurrence(parseSchedule(expression), new Date('2026-01-01T00:00:00Z'))).toThrow(message);
  });
});

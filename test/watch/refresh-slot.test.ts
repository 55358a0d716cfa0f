import { describe, expect, it } from 'vitest';
import { nextRefreshAt, refreshSlot } from '../../src/watch/refresh-slot.js';

const INTERVAL = 15 * 60_000;
const ids = Array.from({ length: 200 }, (_, n) => `/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/lb-${n}`);

describe('refreshSlot', () => {
  it('should give the same slot to the same ID whatever its case', () => {
    expect(refreshSlot(ids[7]!)).toBe(refreshSlot(ids[7]!.toUpperCase()));
  });

  it('should spread IDs that differ only in their last characters over the whole interval', () => {
    const perMinute = new Array<number>(15).fill(0);
    for (const id of ids) perMinute[Math.floor(refreshSlot(id) * 15)]! += 1;
    // 200 IDs over 15 minutes: about 13 a minute; none empty, none holding a quarter.
    expect(Math.min(...perMinute)).toBeGreaterThan(0);
    expect(Math.max(...perMinute)).toBeLessThan(50);
  });
});

describe('nextRefreshAt', () => {
  it('should come after the read, at most one interval later, at the ID\'s own moment', () => {
    const readAt = Date.parse('2026-11-20T10:07:30Z');
    for (const id of ids.slice(0, 20)) {
      const at = nextRefreshAt(id, readAt, INTERVAL);
      expect(at).toBeGreaterThan(readAt);
      expect(at - readAt).toBeLessThanOrEqual(INTERVAL);
      expect(nextRefreshAt(id, at, INTERVAL)).toBe(at + INTERVAL);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { createSeriesCache, LATE_POINT_OVERLAP_MINUTES } from '../../src/azure/series-cache.js';

const MINUTE = 60_000;
const NOW = Date.parse('2026-03-02T10:00:00Z');
const windowAt = (nowMs: number) => ({ from: new Date(nowMs - 15 * MINUTE), to: new Date(nowMs) });

describe('createSeriesCache', () => {
  it('should name why a read covers the whole window, and start the others at the last read less the overlap', () => {
    const cache = createSeriesCache();
    const first = cache.open('/lb/a', 'shape-1', 2, windowAt(NOW));
    expect(first).toMatchObject({ fullRead: 'first-read', readFromMs: NOW - 15 * MINUTE });
    cache.complete(first);
    cache.release(first);

    const next = cache.open('/LB/A', 'shape-1', 2, windowAt(NOW + MINUTE));
    expect(next).toMatchObject({ fullRead: undefined, readFromMs: NOW - LATE_POINT_OVERLAP_MINUTES * MINUTE });
    cache.complete(next);
    cache.release(next);

    const reshaped = cache.open('/lb/a', 'shape-2', 2, windowAt(NOW + 2 * MINUTE));
    expect(reshaped.fullRead).toBe('shape-changed');
    cache.release(reshaped);
    expect(cache.open('/lb/a', 'shape-2', 2, windowAt(NOW + 3 * MINUTE)).fullRead).toBe('incomplete'); // the last one never completed
  });

  it('should give an overlapping read of the same target series of its own, leaving the kept ones to the first', () => {
    const cache = createSeriesCache();
    const done = (opened: ReturnType<typeof cache.open>) => {
      cache.complete(opened);
      cache.release(opened);
    };
    done(cache.open('/lb/a', 's', 2, windowAt(NOW)));
    const first = cache.open('/lb/a', 's', 2, windowAt(NOW + MINUTE));
    const overlapping = cache.open('/lb/a', 's', 2, windowAt(NOW + MINUTE));

    expect(first.fullRead).toBeUndefined();
    expect(overlapping).toMatchObject({ fullRead: 'in-use', readFromMs: NOW + MINUTE - 15 * MINUTE });
    expect(overlapping.series).not.toBe(first.series);
    done(overlapping);
    done(first);
    expect(cache.open('/lb/a', 's', 2, windowAt(NOW + 2 * MINUTE)).fullRead).toBeUndefined();
  });

  it('should read cold after a gap longer than the window', () => {
    const cache = createSeriesCache();
    const opened = cache.open('/lb/a', 's', 2, windowAt(NOW));
    cache.complete(opened);
    cache.release(opened);
    expect(cache.open('/lb/a', 's', 2, windowAt(NOW + 13 * MINUTE)).fullRead).toBe('gap');
  });

  it('should drop the least recently read targets past its bound, which then read cold', () => {
    const cache = createSeriesCache({ maxCells: 2 * 2 * 16 * 8 });
    for (const id of ['/lb/a', '/lb/b', '/lb/c']) {
      const opened = cache.open(id, 's', 2, windowAt(NOW));
      cache.complete(opened);
      cache.release(opened);
    }

    expect(cache.targets).toBe(2);
    expect(cache.open('/lb/a', 's', 2, windowAt(NOW + MINUTE)).fullRead).toBe('first-read');
    expect(cache.open('/lb/c', 's', 2, windowAt(NOW + MINUTE)).fullRead).toBeUndefined();
  });
});

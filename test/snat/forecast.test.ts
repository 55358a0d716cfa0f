import { describe, expect, it } from 'vitest';
import { minutesToExhaustion, slopePerMinute } from '../../src/snat/forecast.js';

const series = (values: number[], stepMinutes = 1) => values.map((value, index) => ({ atMs: index * stepMinutes * 60_000, value }));

describe('slopePerMinute', () => {
  it.each([
    { name: 'a steady climb', samples: series([100, 110, 120, 130]), slope: 10 },
    { name: 'a fall', samples: series([500, 450, 400]), slope: -50 },
    { name: 'a flat line', samples: series([300, 300, 300]), slope: 0 },
    { name: 'noise around a climb (least squares)', samples: series([100, 130, 120, 150]), slope: 14 },
    { name: 'points two minutes apart', samples: series([100, 120, 140], 2), slope: 10 },
  ])('should give $slope ports/min for $name', ({ samples, slope }) => {
    expect(slopePerMinute(samples)).toBeCloseTo(slope, 6);
  });

  it.each([
    { name: 'no point', samples: [] },
    { name: 'one point', samples: series([5]) },
    { name: 'two points in the same minute', samples: [{ atMs: 0, value: 1 }, { atMs: 0, value: 9 }] },
  ])('should give no trend for $name', ({ samples }) => {
    expect(slopePerMinute(samples)).toBeNull();
  });
});

describe('minutesToExhaustion', () => {
  it.each([
    { name: 'rising 10/min with 84 ports left', used: 940, allocated: 1_024, slope: 10, minutes: 8.4 },
    { name: 'already full', used: 1_024, allocated: 1_024, slope: 0, minutes: 0 },
    { name: 'over the allocation', used: 1_100, allocated: 1_024, slope: -5, minutes: 0 },
    { name: 'flat', used: 500, allocated: 1_024, slope: 0, minutes: null },
    { name: 'falling', used: 500, allocated: 1_024, slope: -3, minutes: null },
    { name: 'no trend', used: 500, allocated: 1_024, slope: null, minutes: null },
    { name: 'unknown allocation', used: 500, allocated: null, slope: 10, minutes: null },
    { name: 'unknown use', used: null, allocated: 1_024, slope: 10, minutes: null },
  ])('should give $minutes for $name', ({ used, allocated, slope, minutes }) => {
    const result = minutesToExhaustion(used, allocated, slope);
    if (minutes === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(minutes, 6);
  });
});

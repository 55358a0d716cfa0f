import { describe, expect, it } from 'vitest';
import { FORECAST_HORIZON_MINUTES, forecastExhaustion, slopePerMinute } from '../../src/snat/forecast.js';

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

describe('forecastExhaustion', () => {
  const minutes = (count: number, at: (minute: number) => number) => series(Array.from({ length: count }, (_, minute) => at(minute)));

  it('should forecast a steady climb from its recent trend', () => {
    const forecast = forecastExhaustion(minutes(15, (m) => 600 + 20 * m), 1_024);
    expect(forecast.reason).toBe('rising');
    expect(forecast.slopePerMinute).toBeCloseTo(20, 6);
    expect(forecast.minutesToExhaustion).toBeCloseTo((1_024 - 880) / 20, 6);
  });

  it('should give 0 when the node is already full', () => {
    expect(forecastExhaustion(minutes(5, () => 1_024), 1_024)).toMatchObject({ minutesToExhaustion: 0, reason: 'full' });
  });

  it('should say nothing beyond the horizon: a node at 7 % creeping up gets no day-away guess', () => {
    // 72 → 86 of 1,024 in 15 minutes: about a day to full at this rate.
    const forecast = forecastExhaustion(minutes(15, (m) => 72 + m), 1_024);
    expect(forecast).toMatchObject({ minutesToExhaustion: null, reason: 'beyond-horizon' });
    expect(FORECAST_HORIZON_MINUTES).toBe(360);
  });

  it('should say nothing on a poor fit: noise that happens to lean upwards', () => {
    const noisy = [500, 900, 420, 880, 450, 940, 400, 870, 520, 910, 430, 950, 480, 890, 560];
    expect(forecastExhaustion(series(noisy), 1_024)).toMatchObject({ minutesToExhaustion: null, reason: 'poor-fit' });
  });

  it('should count a step in the last minutes, which a line over the window would flatten', () => {
    const stepped = [...Array(12).fill(200), 650, 700];
    const forecast = forecastExhaustion(series(stepped), 1_024);
    expect(forecast.reason).toBe('step');
    expect(forecast.slopePerMinute).toBeCloseTo(250, 6); // 500 ports in 2 minutes
    expect(forecast.minutesToExhaustion).toBeCloseTo(324 / 250, 6);
  });

  it.each([
    { name: 'flat', samples: minutes(10, () => 500) },
    { name: 'falling', samples: minutes(10, (m) => 900 - 30 * m) },
  ])('should give no forecast when $name', ({ samples }) => {
    expect(forecastExhaustion(samples, 1_024)).toMatchObject({ minutesToExhaustion: null, reason: 'not-rising' });
  });

  it('should fit only the recent minutes, not a climb long over', () => {
    const climbThenFlat = [...Array.from({ length: 30 }, (_, m) => 100 + 20 * m), ...Array(20).fill(700)];
    expect(forecastExhaustion(series(climbThenFlat), 1_024).minutesToExhaustion).toBeNull();
  });

  it('should know nothing without an allocation or samples', () => {
    expect(forecastExhaustion([], 1_024).reason).toBe('unknown');
    expect(forecastExhaustion(series([1, 2, 3]), null).reason).toBe('unknown');
  });
});

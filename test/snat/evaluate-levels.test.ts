import { describe, expect, it } from 'vitest';
import { evaluateTarget } from '../../src/snat/evaluate-target.js';
import { readLevels } from '../../src/snat/evaluate-levels.js';
import { NOW, RULES, backend, lbMetrics, lbTopology } from './evaluate-fixtures.js';

// Ratios of a 1,024-port allocation, oldest first; the last is the latest minute.
const low = 100; // 9.8 %
const warn = 800; // 78.1 %
const crit = 950; // 92.8 %

function utilizationSignal(used: ReadonlyArray<number | null>) {
  const evaluation = evaluateTarget(lbTopology(), lbMetrics([backend('10.0.0.4', { used })]), RULES, NOW);
  return evaluation.signals.find((signal) => signal.condition === 'SNAT_UTILIZATION') ?? null;
}

describe('readLevels', () => {
  it.each([
    { name: 'critical for exactly the for duration (5 min) fires in one run', used: [low, low, crit, crit, crit, crit, crit], sustained: 'critical', current: 'critical' },
    { name: 'critical for 4 minutes is only pending', used: [low, low, low, crit, crit, crit, crit], sustained: null, current: 'critical' },
    { name: 'critical 4 min on top of warning sustains warning', used: [low, warn, crit, crit, crit, crit], sustained: 'warning', current: 'critical' },
    { name: 'a minute without data inside the run does not break it', used: [low, crit, crit, null, crit, crit, crit], sustained: 'critical', current: 'critical' },
    { name: 'a dip below the threshold restarts the count', used: [crit, crit, crit, crit, warn, crit], sustained: 'warning', current: 'critical' },
    { name: 'a whole window at warning', used: Array.from({ length: 15 }, () => warn), sustained: 'warning', current: 'warning' },
    { name: 'a single spike', used: [low, low, low, low, crit], sustained: null, current: 'critical' },
  ])('should find that $name', ({ used, sustained, current }) => {
    expect(utilizationSignal(used)).toMatchObject({ sustained, current, unknown: false });
  });

  it.each([
    { name: 'well below warning', last: 700, held: null }, // 68.4 %: below 75 − 5
    { name: 'inside the warning hysteresis band', last: 740, held: 'warning' }, // 72.3 %
    { name: 'exactly at warning − hysteresis', last: 716.8, held: 'warning' }, // 70 %
    { name: 'inside the critical hysteresis band', last: 880, held: 'critical' }, // 85.9 %
    { name: 'just below critical − hysteresis', last: 860, held: 'warning' }, // 84.0 %
  ])('should hold the level when the latest minute is $name', ({ last, held }) => {
    const signal = utilizationSignal([crit, crit, crit, crit, crit, last]);
    if (held === null) expect(signal === null || signal.held === null).toBe(true);
    else expect(signal).toMatchObject({ held });
  });

  it('should emit no signal for a quiet node, so an open alert on it resolves', () => {
    expect(utilizationSignal([low, low, low])).toBeNull();
  });

  it('should honour a shorter for duration from the rules', () => {
    const samples = [0.5, 0.95].map((value, index) => ({ atMs: index * 60_000, value }));
    expect(readLevels(samples, { ...RULES, forMinutes: 1 })).toEqual({ sustained: 'critical', current: 'critical', held: 'critical' });
  });
});

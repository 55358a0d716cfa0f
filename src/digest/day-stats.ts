// One target's day in numbers, from the per-minute rollups the watch recorded: the worst node's
// peak and p95, failed SNAT connections, the most nodes above warning at once, hourly peaks for
// the sparkline, and how many minutes had data at all. A minute without data counts as missing,
// never as quiet.
import type { HourlyRollup, MinuteRollup } from '../watch/target-snapshot.js';
import type { DayStats } from '../report/digest-model.js';
import { HOURS_PER_DAY, MINUTES_PER_DAY, hourIndex } from './digest-window.js';

export type { DayStats };


/** Every recorded minute of the rollups, keyed by its time in ms; malformed minutes are left out. */
export function minutesOf(hours: readonly HourlyRollup[]): Map<number, MinuteRollup> {
  const minutes = new Map<number, MinuteRollup>();
  for (const hour of hours) {
    for (const [at, rollup] of Object.entries(hour?.minutes ?? {})) {
      const ms = Date.parse(at);
      if (Number.isFinite(ms) && rollup && typeof rollup === 'object') minutes.set(ms, rollup);
    }
  }
  return minutes;
}

/** Stats over fromIso ≤ minute < fromIso + 24 h. */
export function dayStats(minutes: ReadonlyMap<number, MinuteRollup>, fromIso: string): DayStats {
  const from = Date.parse(fromIso);
  const to = from + MINUTES_PER_DAY * 60_000;
  const values: number[] = [];
  const hourlyPeaks: Array<number | null> = Array.from({ length: HOURS_PER_DAY }, () => null);
  let failed = 0;
  let maxAboveWarning = 0;
  for (const [ms, minute] of minutes) {
    if (ms < from || ms >= to) continue;
    failed += count(minute.failed);
    maxAboveWarning = Math.max(maxAboveWarning, count(minute.aboveWarning));
    const worst = minute.worst;
    if (typeof worst !== 'number' || !Number.isFinite(worst) || worst < 0) continue;
    values.push(worst);
    const hour = hourIndex(ms, from);
    hourlyPeaks[hour] = Math.max(hourlyPeaks[hour] ?? 0, worst);
  }
  values.sort((a, b) => a - b);
  return {
    peak: values.length > 0 ? values[values.length - 1]! : null,
    p95: values.length > 0 ? values[Math.ceil(values.length * 0.95) - 1]! : null,
    failed,
    maxAboveWarning,
    minutesWithData: values.length,
    hourlyPeaks,
    hoursWithoutData: hourlyPeaks.filter((peak) => peak === null).length,
  };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

// The two days a digest compares: the 24 hours up to the digest's minute, and the 24 hours before
// them. Minutes are the unit the watch records; hours are the sparkline's buckets, counted back
// from the end of the window (so a digest at 08:17 draws 07:17–08:17 as its last bucket).

import type { DigestWindow } from '../report/digest-model.js';

export type { DigestWindow };

export const MINUTES_PER_DAY = 1_440;
export const HOURS_PER_DAY = 24;
const MINUTE_IN_MS = 60_000;
const HOUR_IN_MS = 3_600_000;
const DAY_IN_MS = 86_400_000;


export function digestWindow(now: Date): DigestWindow {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new TypeError('digestWindow needs `now` as a valid Date');
  const to = Math.floor(now.getTime() / MINUTE_IN_MS) * MINUTE_IN_MS;
  return {
    from: new Date(to - DAY_IN_MS).toISOString(),
    to: new Date(to).toISOString(),
    previousFrom: new Date(to - 2 * DAY_IN_MS).toISOString(),
    day: new Date(to).toISOString().slice(0, 10),
  };
}

/** The hour rows to read for a window and the day before it: every row whose hour overlaps them. */
export function rollupRange(window: DigestWindow): { fromIso: string; toIso: string } {
  const from = Math.floor(Date.parse(window.previousFrom) / HOUR_IN_MS) * HOUR_IN_MS;
  return { fromIso: new Date(from).toISOString(), toIso: window.to };
}

/** Index of the hourly bucket (0 = oldest) a minute falls in, counted from the window's start. */
export function hourIndex(minuteMs: number, fromMs: number): number {
  return Math.floor((minuteMs - fromMs) / HOUR_IN_MS);
}

// How much of the day the digest actually saw, said in words where it matters: a target whose
// snapshots are missing is reported as missing ("no data for 9 of the last 24 hours"), never as
// quiet, and its numbers are the numbers of the minutes that exist.
import { formatCount } from '../snat/format.js';
import type { Coverage, CoverageGap, DayStats } from '../report/digest-model.js';
import { HOURS_PER_DAY, MINUTES_PER_DAY } from './digest-window.js';

/**
 * Missing minutes not worth a sentence: the newest minutes before the digest often have no metrics
 * yet (platform metrics reach Azure Monitor with a delay), and each watch run re-reads the last
 * SNAT_WINDOW_MINUTES (15 by default), so a gap this short is refilled by the next runs anyway.
 * Our choice, not an Azure figure.
 */
export const MINOR_GAP_MINUTES = 15;

export type { Coverage, CoverageGap };


export function coverageOf(day: DayStats): Coverage {
  const { minutesWithData, hoursWithoutData } = day;
  const missing = MINUTES_PER_DAY - minutesWithData;
  const gap: CoverageGap =
    minutesWithData === 0 ? 'no-data' : hoursWithoutData > 0 ? 'hours-missing' : missing > MINOR_GAP_MINUTES ? 'minutes-missing' : missing > 0 ? 'minor' : 'none';
  return { minutesWithData, minutes: MINUTES_PER_DAY, hoursWithoutData, gap, statement: STATEMENTS[gap](day) };
}

const STATEMENTS: Record<CoverageGap, (day: DayStats) => string | null> = {
  none: () => null,
  minor: () => null,
  'minutes-missing': (day) => `No data for ${formatCount(MINUTES_PER_DAY - day.minutesWithData)} of the last ${formatCount(MINUTES_PER_DAY)} minutes.`,
  'hours-missing': (day) =>
    `No data for ${formatCount(day.hoursWithoutData)} of the last ${HOURS_PER_DAY} hours ` +
    `(${formatCount(day.minutesWithData)} of ${formatCount(MINUTES_PER_DAY)} minutes recorded); the figures cover only the hours with data.`,
  'no-data': () => `No data for the last ${HOURS_PER_DAY} hours: the watch recorded no SNAT metrics for this target, so its state is unknown.`,
};

/** "no data for 9 of the last 24 hours" is counted as a gap; a full day is not. */
export function hasMaterialGap(coverage: Coverage): boolean {
  return coverage.gap === 'minutes-missing' || coverage.gap === 'hours-missing' || coverage.gap === 'no-data';
}

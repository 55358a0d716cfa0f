// Where a node's port use is heading: the least-squares slope of its minute series and, from it, the
// minutes left before it reaches its allocation. Deliberately simple and explainable on call.
import type { Sample } from './series.js';

const MS_PER_MINUTE = 60_000;

/**
 * Least-squares slope of the samples, in value units per minute. Null with fewer than two distinct
 * minutes (no trend can be drawn through one point).
 */
export function slopePerMinute(samples: readonly Sample[]): number | null {
  if (samples.length < 2) return null;
  const origin = samples[0]!.atMs;
  let sumX = 0;
  let sumY = 0;
  for (const sample of samples) {
    sumX += (sample.atMs - origin) / MS_PER_MINUTE;
    sumY += sample.value;
  }
  const meanX = sumX / samples.length;
  const meanY = sumY / samples.length;
  let covariance = 0;
  let varianceX = 0;
  for (const sample of samples) {
    const dx = (sample.atMs - origin) / MS_PER_MINUTE - meanX;
    covariance += dx * (sample.value - meanY);
    varianceX += dx * dx;
  }
  if (varianceX === 0) return null;
  const slope = covariance / varianceX;
  return Number.isFinite(slope) ? slope : null;
}

/**
 * Minutes until `used` reaches `allocated` at `slope` ports per minute: 0 when already there, null
 * when either is unknown or use is flat or falling (no exhaustion on the current trend).
 */
export function minutesToExhaustion(used: number | null, allocated: number | null, slope: number | null): number | null {
  if (used === null || allocated === null || allocated <= 0) return null;
  if (used >= allocated) return 0;
  if (slope === null || slope <= 0) return null;
  const minutes = (allocated - used) / slope;
  return Number.isFinite(minutes) ? minutes : null;
}

// Where a node's port use is heading, said only when it can be trusted: the least-squares line
// through the recent minutes, checked for fit, and a time to exhaustion only inside a horizon.
// A guess beyond it, or from a line that does not fit, says nothing (null) rather than paging
// someone for a day-away extrapolation. A step in the last minutes counts as the trend.
import type { Sample } from './series.js';

const MS_PER_MINUTE = 60_000;

/** Forecasts reach this far ahead, no further: beyond it a trend is too weak a guess to act on. */
export const FORECAST_HORIZON_MINUTES = 6 * 60;

/** The trend is fitted through the last this-many minutes: the recent trend, not the window's. */
export const FORECAST_FIT_MINUTES = 15;

/** The share of the variance the line must explain (R²) before its slope is trusted. */
export const FORECAST_MIN_R_SQUARED = 0.6;

/** A rise of at least this share of the allocation within STEP_MINUTES is a step: it counts. */
export const FORECAST_STEP_SHARE = 0.1;
export const FORECAST_STEP_MINUTES = 5;

/** Why a forecast says what it says: named, so a finding can put it in words. */
export type ForecastReason = 'rising' | 'step' | 'full' | 'beyond-horizon' | 'poor-fit' | 'not-rising' | 'unknown';

export interface Forecast {
  /** The trend the forecast used (ports per minute); the fitted slope when no forecast is given. */
  slopePerMinute: number | null;
  /** Minutes until `allocated` is reached: 0 when already there; null unless `reason` is rising/step/full. */
  minutesToExhaustion: number | null;
  reason: ForecastReason;
}

export function forecastExhaustion(samples: readonly Sample[], allocated: number | null): Forecast {
  const last = samples.at(-1);
  if (last === undefined || allocated === null || allocated <= 0) return { slopePerMinute: null, minutesToExhaustion: null, reason: 'unknown' };
  const recent = samples.filter((sample) => sample.atMs >= last.atMs - FORECAST_FIT_MINUTES * MS_PER_MINUTE);
  const fit = lineFit(recent);
  if (last.value >= allocated) return { slopePerMinute: fit?.slope ?? null, minutesToExhaustion: 0, reason: 'full' };

  const step = stepSlope(recent, allocated);
  const fitted = fit !== null && fit.slope > 0 && fit.rSquared >= FORECAST_MIN_R_SQUARED ? fit.slope : null;
  const slope = Math.max(step ?? 0, fitted ?? 0);
  if (slope <= 0) {
    const reason = fit === null || fit.slope <= 0 ? 'not-rising' : 'poor-fit';
    return { slopePerMinute: fit?.slope ?? null, minutesToExhaustion: null, reason };
  }
  const minutes = (allocated - last.value) / slope;
  if (!Number.isFinite(minutes) || minutes > FORECAST_HORIZON_MINUTES) return { slopePerMinute: slope, minutesToExhaustion: null, reason: 'beyond-horizon' };
  return { slopePerMinute: slope, minutesToExhaustion: minutes, reason: step !== null && step >= (fitted ?? 0) ? 'step' : 'rising' };
}

/**
 * A step: the last few minutes all sit above every minute before them in the fit window, by at
 * least FORECAST_STEP_SHARE of the allocation. Its rate is the rise from the highest minute before
 * it to the latest, per minute. Noise never qualifies: its highs and lows interleave.
 */
function stepSlope(recent: readonly Sample[], allocated: number): number | null {
  const last = recent.at(-1)!;
  for (let after = 1; after < recent.length; after += 1) {
    const split = recent.length - after;
    const firstAfter = recent[split]!;
    if (firstAfter.atMs < last.atMs - FORECAST_STEP_MINUTES * MS_PER_MINUTE) break;
    const before = recent.slice(0, split);
    const highBefore = Math.max(...before.map((sample) => sample.value));
    const lowAfter = Math.min(...recent.slice(split).map((sample) => sample.value));
    if (lowAfter - highBefore >= FORECAST_STEP_SHARE * allocated) {
      return (last.value - highBefore) / ((last.atMs - before.at(-1)!.atMs) / MS_PER_MINUTE);
    }
  }
  return null;
}

interface LineFit {
  slope: number;
  /** 1 − residual ÷ total variance; 0 for a flat line (nothing to explain, nothing rising). */
  rSquared: number;
}

function lineFit(samples: readonly Sample[]): LineFit | null {
  const slope = slopePerMinute(samples);
  if (slope === null) return null;
  const origin = samples[0]!.atMs;
  const xs = samples.map((sample) => (sample.atMs - origin) / MS_PER_MINUTE);
  const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
  const meanY = samples.reduce((a, sample) => a + sample.value, 0) / samples.length;
  let residual = 0;
  let total = 0;
  samples.forEach((sample, index) => {
    const predicted = meanY + slope * (xs[index]! - meanX);
    residual += (sample.value - predicted) ** 2;
    total += (sample.value - meanY) ** 2;
  });
  return { slope, rSquared: total === 0 ? 0 : 1 - residual / total };
}

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

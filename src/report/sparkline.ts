// A trend line in eight Unicode block heights, one character per value, on a fixed 0–100 % scale:
// a flat 5 % day stays low instead of being stretched to fill the height, so lines of different
// targets compare at a glance. A value without data is a gap (a space), never a guess.

export const SPARK_LEVELS = '▁▂▃▄▅▆▇█';
export const SPARK_GAP = ' ';

/** Utilizations (0–1; above 1 is drawn full) to a sparkline; null draws a gap. */
export function sparkline(values: ReadonlyArray<number | null>): string {
  return values
    .map((value) => {
      if (value === null || !Number.isFinite(value)) return SPARK_GAP;
      const level = Math.min(SPARK_LEVELS.length - 1, Math.max(0, Math.floor(value * SPARK_LEVELS.length)));
      return SPARK_LEVELS[level]!;
    })
    .join('');
}

// One target's recent minute series, kept between watch runs in typed arrays: per metric group a
// matrix of Float64 (a row per series — metric × dimension values —, a column per minute of the
// window, NaN where Azure gave no value), never an object per point. The incremental read writes
// only the minutes it asked for (metrics.ts); the assemblers read every row back onto the window's
// grid (GroupSeries), so the evaluation sees the whole window as before.
import type { GridSeries, GroupSeries, MetricsWindow, Values } from './metrics-grid.js';

const MINUTE_MS = 60_000;

/** One series: which metric of its group, its dimensions (names lowercased), when an answer last listed it. */
interface SeriesRow {
  metric: number;
  dims: Readonly<Record<string, string>>;
  /** The read (TargetSeries.reads) whose answer last listed the series. */
  listedIn: number;
}

class GroupMatrix {
  rows: SeriesRow[] = [];
  private byKey = new Map<string, number>();
  private data: Float64Array;

  constructor(readonly width: number) {
    this.data = new Float64Array(width * 8).fill(Number.NaN);
  }

  get cells(): number {
    return this.data.length;
  }

  /** The row of a series, added (all NaN) when new. */
  row(key: string, metric: number, dims: Readonly<Record<string, string>>): number {
    let index = this.byKey.get(key);
    if (index !== undefined) return index;
    index = this.rows.length;
    if ((index + 1) * this.width > this.data.length) {
      const grown = new Float64Array(this.data.length * 2).fill(Number.NaN);
      grown.set(this.data);
      this.data = grown;
    }
    this.rows.push({ metric, dims, listedIn: -1 });
    this.byKey.set(key, index);
    return index;
  }

  get(row: number, column: number): number {
    return this.data[row * this.width + column]!;
  }

  set(row: number, column: number, value: number): void {
    this.data[row * this.width + column] = value;
  }

  /** Every row's columns from `from` to the end set to NaN: the minutes a new answer replaces. */
  clearFrom(from: number): void {
    for (let row = 0; row < this.rows.length; row++) this.data.fill(Number.NaN, row * this.width + Math.max(0, from), (row + 1) * this.width);
  }

  /** Drops the first `by` columns of every row (the window moved on) and the rows left with no value. */
  shift(by: number, lastRead: number): void {
    const kept: Array<{ key: string; row: number }> = [];
    for (const [key, row] of this.byKey) {
      let any = false;
      for (let column = by; column < this.width && !any; column++) any = !Number.isNaN(this.get(row, column));
      if (any || this.rows[row]!.listedIn === lastRead) kept.push({ key, row });
    }
    const data = new Float64Array(Math.max(8, kept.length) * this.width).fill(Number.NaN);
    const rows: SeriesRow[] = [];
    this.byKey = new Map();
    kept.sort((a, b) => a.row - b.row).forEach(({ key, row }, index) => {
      data.set(this.data.subarray(row * this.width + by, (row + 1) * this.width), index * this.width);
      rows.push(this.rows[row]!);
      this.byKey.set(key, index);
    });
    this.data = data;
    this.rows = rows;
  }

  /** A row's first `length` columns as the assemblers read them (NaN → null), or undefined when all are NaN. */
  values(row: number, length: number): Values | undefined {
    let any = false;
    const values: Values = new Array(length);
    for (let column = 0; column < length; column++) {
      const value = this.get(row, column);
      if (Number.isNaN(value)) values[column] = null;
      else {
        values[column] = value;
        any = true;
      }
    }
    return any ? values : undefined;
  }
}

/** Why a read covers the whole window rather than the minutes since the last one. */
export type FullReadReason = 'first-read' | 'shape-changed' | 'gap' | 'incomplete' | 'in-use';

/** One target's kept series, positioned on the current window by SeriesCache.open. */
export class TargetSeries {
  readonly groups: GroupMatrix[];
  /** Epoch ms of column 0: the window's first minute. */
  firstMinuteMs: number;
  /** Columns of the current window (minuteGrid(window).length). */
  gridLength = 0;
  /** Exclusive end of the minutes the last complete read covered; undefined before one. */
  readUpToMs: number | undefined;
  /** Reads begun on these series: rows remember the last one that listed them. */
  reads = 0;
  /** A group's answer was missing or failed for this read: the next one reads the whole window. */
  incomplete = false;
  /** A read has these series open (two runs may overlap): another read of the target gets its own. */
  inUse = false;

  constructor(readonly shape: string, groups: number, readonly width: number, firstMinuteMs: number) {
    this.groups = Array.from({ length: groups }, () => new GroupMatrix(width));
    this.firstMinuteMs = firstMinuteMs;
  }

  get cells(): number {
    return this.groups.reduce((sum, group) => sum + group.cells, 0);
  }

  /** The column of a minute of the current window, or -1 outside it (or not on a minute). */
  column(atMs: number): number {
    const column = (atMs - this.firstMinuteMs) / MINUTE_MS;
    return Number.isInteger(column) && column >= 0 && column < this.gridLength ? column : -1;
  }

  /** The group's series on the current grid, per metric; series with no value left in the window are dropped unless the last answer listed them. */
  seriesOf(group: number, metrics: number): GroupSeries {
    const matrix = this.groups[group]!;
    const out: GridSeries[][] = Array.from({ length: metrics }, () => []);
    matrix.rows.forEach((row, index) => {
      const values = matrix.values(index, this.gridLength);
      if (values) out[row.metric]?.push({ dims: row.dims, values });
      else if (row.listedIn === this.reads) out[row.metric]?.push({ dims: row.dims, values: new Array<number | null>(this.gridLength).fill(null) });
    });
    return out;
  }

  /** Positions the series on a later window: columns shift left, rows with nothing left go. */
  moveTo(firstMinuteMs: number, gridLength: number): void {
    const by = (firstMinuteMs - this.firstMinuteMs) / MINUTE_MS;
    if (by > 0) for (const group of this.groups) group.shift(by, this.reads);
    this.firstMinuteMs = firstMinuteMs;
    this.gridLength = gridLength;
  }
}

/** The first minute of a window and its column count, as minuteGrid(window) lays them out. */
export function gridOf(window: MetricsWindow): { firstMinuteMs: number; gridLength: number } {
  const firstMinuteMs = Math.floor(window.from.getTime() / MINUTE_MS) * MINUTE_MS;
  return { firstMinuteMs, gridLength: Math.max(0, Math.ceil((window.to.getTime() - firstMinuteMs) / MINUTE_MS)) };
}

// The minute grid the metrics adapters read Azure's answers onto, and the small helpers every
// target kind's assembler shares. Pure. Defends against the SDK quirks of DOMAIN §9: MetricsClient
// names metrics by their human `localizedValue` ("Used SNAT Ports") and echoes dimension names
// lowercased, so metrics are matched by the `id` suffix (then name, then request order) and
// dimensions case-insensitively. Missing, NaN and non-numeric values are null.
import type { Metric, MetricsQueryResult, MetricValue, TimeSeriesElement } from '@azure/monitor-query-metrics';
import type { MinutePoint, TargetMetrics } from '../snat/model.js';
import type { MetricGroup } from './metric-groups.js';

export interface MetricsWindow {
  from: Date;
  to: Date;
}

export type Aggregation = 'average' | 'maximum' | 'total';
export type Values = Array<number | null>;

const MINUTE_MS = 60_000;

/** Minute starts from the window's first minute up to (excluding) its end. */
export function minuteGrid(window: MetricsWindow): number[] {
  const grid: number[] = [];
  for (let at = Math.floor(window.from.getTime() / MINUTE_MS) * MINUTE_MS; at < window.to.getTime(); at += MINUTE_MS) grid.push(at);
  return grid;
}

/** The metric `name` of a result, matched by id suffix, then name, then its position in the request. */
export function findMetric(result: MetricsQueryResult | undefined, name: string, requestIndex: number): Metric | undefined {
  const metrics = result?.metrics ?? [];
  const lower = name.toLowerCase();
  return (
    metrics.find((metric) => (metric.id ?? '').toLowerCase().endsWith(`/metrics/${lower}`)) ??
    metrics.find((metric) => (metric.name ?? '').toLowerCase() === lower) ??
    (metrics.length > requestIndex && !metrics[requestIndex]?.id ? metrics[requestIndex] : undefined)
  );
}

export function dimension(series: TimeSeriesElement, name: string): string | undefined {
  const lower = name.toLowerCase();
  return series.metadatavalues?.find((entry) => (entry.name ?? '').toLowerCase() === lower)?.value;
}

/** A series' values on the grid; a metric that reported an error yields no values at all. */
export function valuesOnGrid(grid: readonly number[], data: readonly MetricValue[] | undefined, aggregation: Aggregation): Values {
  const length = grid.length;
  const values: Values = new Array(length).fill(null);
  const start = grid[0];
  if (start === undefined || !data) return values;
  for (let i = 0; i < data.length; i++) {
    const point = data[i]!;
    const at = point.timeStamp instanceof Date ? point.timeStamp.getTime() : Date.parse(String(point.timeStamp));
    const index = (at - start) / MINUTE_MS;
    if (!Number.isInteger(index) || index < 0 || index >= length) continue;
    const value = point[aggregation];
    values[index] = typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
  return values;
}

/** One series of a metric as the assemblers read it: its dimensions (names lowercased) and its values on the grid. */
export interface GridSeries {
  dims: Readonly<Record<string, string>>;
  values: Values;
}

/**
 * A metric group's answer for one target, per metric in the group's request order: its series (none
 * when the metric was not reported or reported an error). Made from the SDK's objects (seriesFromSdk)
 * or from the compact series kept between runs (compact-series.ts).
 */
export type GroupSeries = ReadonlyArray<readonly GridSeries[]>;

/**
 * One target's metrics, built from the answers of its metric groups (metricGroupsOf(kind), in that
 * order) taken one at a time: `take` keeps only values on the grid, never the answers' objects.
 */
export interface MetricsAssembler<T extends TargetMetrics = TargetMetrics> {
  take(groupIndex: number, series: GroupSeries | undefined): void;
  build(): T;
}

/** A dimension's value, its name compared case-insensitively. */
export function dim(series: GridSeries, name: string): string | undefined {
  return series.dims[name.toLowerCase()];
}

/** Dimension names lowercased; the first of two names differing only in case wins (as `dimension` finds it). */
export function dimsOf(metadata: ReadonlyArray<{ name?: string | { value?: string; localizedValue?: string } | null; value?: string }> | null | undefined): Record<string, string> {
  const dims: Record<string, string> = {};
  for (const entry of metadata ?? []) {
    const name = (typeof entry.name === 'string' ? entry.name : (entry.name?.value ?? entry.name?.localizedValue ?? '')).toLowerCase();
    if (!(name in dims) && typeof entry.value === 'string') dims[name] = entry.value;
  }
  return dims;
}

/** A group's answer as the SDK deserialised it, onto the grid: the reference the lean parser must equal. */
export function seriesFromSdk(result: MetricsQueryResult | undefined, group: Pick<MetricGroup, 'metricNames' | 'reads'>, grid: readonly number[]): GroupSeries {
  return group.metricNames.map((name, index) =>
    usable(findMetric(result, name, index)).map((s) => ({ dims: dimsOf(s.metadatavalues), values: valuesOnGrid(grid, s.data, group.reads[index]!) })),
  );
}

/**
 * Connection counts split by state: `all` sums every state; `matching` is the wanted state's count,
 * 0 where other states reported and it did not (no series means no such events), null where no
 * state reported at all.
 */
export function splitStates(states: ReadonlyArray<{ state: string; values: Values }>, wanted: string, length: number): { all: Values; matching: Values } {
  const all = sumSeries(states.map((s) => s.values), length);
  const wantedValues = sumSeries(states.filter((s) => s.state === wanted).map((s) => s.values), length);
  return { all, matching: all.map((total, m) => wantedValues[m] ?? (total === null ? null : 0)) };
}

export function sumSeries(list: readonly Values[], length: number): Values {
  if (list.length === 1) return list[0]!;
  const out: Values = new Array(length).fill(null);
  for (const values of list) {
    for (let m = 0; m < length; m++) {
      const value = values[m];
      if (value !== null && value !== undefined) out[m] = (out[m] ?? 0) + value;
    }
  }
  return out;
}

export function averageSeries(list: readonly Values[], length: number): Values {
  const sums = sumSeries(list, length);
  return sums.map((sum, m) => (sum === null ? null : sum / list.filter((values) => values[m] !== null).length));
}

/** Timeseries of a metric that answered; none for a metric-level error (errorCode other than Success). */
export function usable(metric: Metric | undefined): TimeSeriesElement[] {
  if (!metric || (metric.errorCode && metric.errorCode.toLowerCase() !== 'success')) return [];
  return metric.timeseries ?? [];
}

/** ISO strings of a grid's minutes, made once per target (its thousands of points share them). */
export function stampsOf(grid: readonly number[]): string[] {
  return grid.map((at) => new Date(at).toISOString());
}

/** Points on the grid; no values at all (the metric was not reported) is a null every minute. */
export function points(stamps: readonly string[], values: Values | undefined): MinutePoint[] {
  const out = new Array<MinutePoint>(stamps.length);
  for (let m = 0; m < stamps.length; m++) out[m] = { at: stamps[m]!, value: values?.[m] ?? null };
  return out;
}

/** Entries in IP order (10.0.0.9 before 10.0.0.10), each sort key made once, not per comparison. */
export function byIp<T>(entries: ReadonlyArray<[string, T]>): Array<[string, T]> {
  const keyed = entries.map((entry) => ({ key: entry[0].split('.').map((part) => part.padStart(3, '0')).join('.'), entry }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map(({ entry }) => entry);
}

// Lean parsing of a metrics:getBatch answer: straight from the parsed JSON into a target's compact
// series (compact-series.ts), one typed-array cell per point, no object or Date per point. It keeps
// the SDK-quirk defences of metrics-grid.ts: resources matched by `resourceid` then position,
// metrics by the `id` suffix, then name, then request order (a human `localizedValue` never hides
// one), dimension names case-insensitively, a metric-level errorCode read as "no series", and
// missing, null and non-numeric values as no value. test/azure/metrics-batch-parse.test.ts holds it
// equal to the SDK's mapping on the same answers.
// https://learn.microsoft.com/rest/api/monitor/metrics-batch/batch#metricresultsresponse
import type { TargetSeries } from './compact-series.js';
import type { MetricGroup } from './metric-groups.js';
import { dimsOf } from './metrics-grid.js';

interface RawPoint {
  timeStamp?: unknown;
  [aggregation: string]: unknown;
}

interface RawSeries {
  metadatavalues?: Array<{ name?: { value?: string; localizedValue?: string }; value?: string }> | null;
  data?: RawPoint[] | null;
}

interface RawMetric {
  id?: string;
  name?: { value?: string; localizedValue?: string };
  errorCode?: string;
  timeseries?: RawSeries[] | null;
}

/** One resource's part of the answer. */
export interface RawResource {
  resourceid?: string;
  value?: RawMetric[] | null;
}

/** The answer's resources; throws on anything that is not `{values: [...]}`. */
export function resourcesOf(body: unknown): RawResource[] {
  const values = (body as { values?: unknown } | null | undefined)?.values;
  if (!Array.isArray(values)) throw new TypeError('The metrics batch answer is not {"values": [...]}');
  return values as RawResource[];
}

/** Each requested ID's resource: matched by `resourceid` (case-insensitive), else by position when the answer names none. */
export function matchResources(ids: readonly string[], resources: readonly RawResource[]): Map<string, RawResource> {
  const byId = new Map(resources.map((resource) => [(resource.resourceid ?? '').toLowerCase(), resource]));
  const matched = new Map<string, RawResource>();
  ids.forEach((id, index) => {
    const resource = byId.get(id.toLowerCase()) ?? (resources[index] && !resources[index]!.resourceid ? resources[index] : undefined);
    if (resource) matched.set(id.toLowerCase(), resource);
  });
  return matched;
}

/** A metric with `top` series or more may have lost some: the batch grew past the topology. */
export function reachedTop(resources: readonly RawResource[], top: number): boolean {
  return resources.some((resource) => (resource.value ?? []).some((metric) => (metric.timeseries ?? []).length >= top));
}

function findRawMetric(resource: RawResource, name: string, requestIndex: number): RawMetric | undefined {
  const metrics = resource.value ?? [];
  const lower = name.toLowerCase();
  return (
    metrics.find((metric) => (metric.id ?? '').toLowerCase().endsWith(`/metrics/${lower}`)) ??
    metrics.find((metric) => (metric.name?.value ?? metric.name?.localizedValue ?? '').toLowerCase() === lower) ??
    (metrics.length > requestIndex && !metrics[requestIndex]?.id ? metrics[requestIndex] : undefined)
  );
}

/** Epoch ms of a point's timeStamp, parsed once per distinct string (every series repeats the same minutes). */
export type StampParser = (stamp: unknown) => number;

export function stampParser(): StampParser {
  const memo = new Map<string, number>();
  return (stamp) => {
    if (typeof stamp !== 'string') return Number.NaN;
    let at = memo.get(stamp);
    if (at === undefined) memo.set(stamp, (at = Date.parse(stamp)));
    return at;
  };
}

/**
 * Writes one resource's answer for metric group `groupIndex` into its series: the minutes from
 * `fromMs` on are replaced (cleared first, so a point Azure no longer reports is gone as it would be
 * from a full read); where an answer lists a series twice, the first value of each minute wins.
 * Returns false when a requested metric is missing or failed (the next read should be a full one).
 */
export function writeResource(resource: RawResource | undefined, group: Pick<MetricGroup, 'metricNames' | 'reads'>, groupIndex: number, series: TargetSeries, fromMs: number, parseStamp: StampParser): boolean {
  const matrix = series.groups[groupIndex]!;
  const firstColumn = Math.max(0, Math.floor((fromMs - series.firstMinuteMs) / 60_000));
  matrix.clearFrom(firstColumn);
  if (!resource) return false;
  let complete = true;
  group.metricNames.forEach((name, metricIndex) => {
    const metric = findRawMetric(resource, name, metricIndex);
    if (!metric || (metric.errorCode && metric.errorCode.toLowerCase() !== 'success')) {
      complete = false;
      return;
    }
    const aggregation = group.reads[metricIndex]!;
    for (const timeseries of metric.timeseries ?? []) {
      const dims = dimsOf(timeseries.metadatavalues);
      let key = String(metricIndex);
      for (const dimension in dims) key += `\u0001${dimension}\u0002${dims[dimension]}`;
      const row = matrix.row(key, metricIndex, dims);
      matrix.rows[row]!.listedIn = series.reads;
      const data = timeseries.data ?? [];
      for (let index = 0; index < data.length; index++) {
        const point = data[index]!;
        const column = series.column(parseStamp(point.timeStamp));
        if (column < firstColumn) continue;
        const value = point[aggregation];
        if (typeof value === 'number' && Number.isFinite(value) && Number.isNaN(matrix.get(row, column))) matrix.set(row, column, value);
      }
    }
  });
  return complete;
}

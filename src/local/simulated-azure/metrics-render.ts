// Turns raw series into the batch answer of one resource: filter, group by the dimensions the
// filter names, aggregate, keep `top` series, and serialize compactly as the service does
// (MetricBatchExample.json: lowercased namespace, sparse points carrying only timeStamp).
import type { Aggregation, MetricDefinition } from './metric-catalog.js';
import type { BatchQuery, FilterClause } from './metrics-query.js';
import type { RawSeries, Values } from './metrics-series.js';

export interface ResourceAnswer {
  resourceId: string;
  region: string;
  /** Raw series per requested metric, in request order. */
  series: RawSeries[][];
  dimensionNames: 'lowercase' | 'documented';
}

/** `{"timeStamp":"…"` per minute, formatted once per request. */
export function timestampPrefixes(minutes: readonly number[]): string[] {
  return minutes.map((ms) => `{"timeStamp":"${new Date(ms).toISOString().replace('.000Z', 'Z')}"`);
}

export function renderResource(query: BatchQuery, answer: ResourceAnswer, stamps: readonly string[]): string {
  const metrics = query.metrics.map((metric, i) => renderMetric(query, answer, metric, answer.series[i]!, stamps));
  return (
    `{"starttime":${JSON.stringify(query.starttime)},"endtime":${JSON.stringify(query.endtime)},"interval":"PT1M",` +
    `"value":[${metrics.join(',')}],"namespace":${JSON.stringify(query.namespace.toLowerCase())},` +
    `"resourceregion":${JSON.stringify(answer.region)},"resourceid":${JSON.stringify(answer.resourceId)}}`
  );
}

function renderMetric(query: BatchQuery, answer: ResourceAnswer, metric: MetricDefinition, raws: RawSeries[], stamps: readonly string[]): string {
  const clauses = query.filter.map((clause) => ({ clause, dimension: metric.dimensions.find((d) => d.toLowerCase() === clause.dimension.toLowerCase())! }));
  const groups = new Map<string, Group>();
  for (const raw of raws) {
    if (!clauses.every(({ clause, dimension }) => matches(clause, raw.dims[dimension]))) continue;
    const metadata = clauses.map(({ dimension }): [string, string] => [dimension, raw.dims[dimension] ?? '']);
    const key = metadata.map(([, value]) => value).join('\u0000');
    const group = groups.get(key);
    if (group) group.members.push(raw.values);
    else groups.set(key, { metadata, members: [raw.values], points: undefined });
  }
  let series = [...groups.values()].filter((group) => hasPoint(group, stamps.length));
  if (query.orderBy) {
    const { aggregation, descending } = query.orderBy;
    const scored = series.map((group) => ({ group, score: score(group, aggregation, stamps.length) }));
    series = scored.sort((a, b) => (descending ? b.score - a.score : a.score - b.score)).map(({ group }) => group);
  }
  if (query.top !== undefined) series = series.slice(0, query.top);
  const nameOf = (dimension: string) => (answer.dimensionNames === 'lowercase' ? dimension.toLowerCase() : dimension);
  const keys = query.aggregations.map((aggregation) => `,"${aggregation}":`);
  let timeseries = '';
  for (const [index, group] of series.entries()) {
    let text = index === 0 ? '{"metadatavalues":[' : ',{"metadatavalues":[';
    group.metadata.forEach(([dimension, value], i) => {
      const name = nameOf(dimension);
      text += `${i === 0 ? '' : ','}{"name":{"value":"${name}","localizedValue":"${name}"},"value":${JSON.stringify(value)}}`;
    });
    text += '],"data":[';
    for (let m = 0; m < stamps.length; m++) {
      text += m === 0 ? stamps[m] : `,${stamps[m]}`;
      if (present(group, m)) query.aggregations.forEach((aggregation, a) => (text += keys[a]! + number(valueAt(group, aggregation, m))));
      text += '}';
    }
    timeseries += `${text}]}`;
  }
  return (
    `{"id":${JSON.stringify(`${answer.resourceId}/providers/Microsoft.Insights/metrics/${metric.name}`)},"type":"Microsoft.Insights/metrics",` +
    `"name":{"value":"${metric.name}","localizedValue":"${metric.localizedName}"},"displayDescription":${JSON.stringify(metric.description)},` +
    `"unit":"${metric.unit}","timeseries":[${timeseries}],"errorCode":"Success"}`
  );
}

/**
 * Series sharing the values of every filtered dimension. Most groups hold one raw series (split by
 * node), served straight from its values; larger ones are aggregated once, on first use.
 */
interface Group {
  metadata: Array<[string, string]>;
  members: Values[];
  points: Aggregate | undefined;
}

/** Per minute: sum, min, max and count of the values that exist (count 0: no point). */
interface Aggregate {
  sum: Float64Array;
  min: Float64Array;
  max: Float64Array;
  count: Uint32Array;
}

function aggregateOf(group: Group, length: number): Aggregate {
  if (group.points) return group.points;
  const points: Aggregate = { sum: new Float64Array(length), min: new Float64Array(length).fill(Infinity), max: new Float64Array(length).fill(-Infinity), count: new Uint32Array(length) };
  for (const values of group.members) {
    for (let m = 0; m < length; m++) {
      const value = values[m];
      if (value === null || value === undefined) continue;
      points.sum[m]! += value;
      points.min[m] = Math.min(points.min[m]!, value);
      points.max[m] = Math.max(points.max[m]!, value);
      points.count[m]! += 1;
    }
  }
  return (group.points = points);
}

function present(group: Group, m: number): boolean {
  if (group.members.length === 1) {
    const value = group.members[0]![m];
    return value !== null && value !== undefined;
  }
  return aggregateOf(group, group.members[0]!.length).count[m]! > 0;
}

function hasPoint(group: Group, length: number): boolean {
  for (let m = 0; m < length; m++) if (present(group, m)) return true;
  return false;
}

/** The aggregation of minute m; NaN propagates and is served as null. */
function valueAt(group: Group, aggregation: Aggregation, m: number): number {
  if (group.members.length === 1) {
    const value = group.members[0]![m]!;
    return aggregation === 'count' ? 1 : value;
  }
  const points = aggregateOf(group, group.members[0]!.length);
  switch (aggregation) {
    case 'total': return points.sum[m]!;
    case 'average': return points.sum[m]! / points.count[m]!;
    case 'maximum': return points.max[m]!;
    case 'minimum': return points.min[m]!;
    case 'count': return points.count[m]!;
  }
}

function score(group: Group, aggregation: Aggregation, length: number): number {
  let total = 0;
  for (let m = 0; m < length; m++) if (present(group, m)) total += valueAt(group, aggregation, m) || 0;
  return total;
}

function number(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

function matches(clause: FilterClause, value: string | undefined): boolean {
  if (value === undefined) return false;
  return clause.values === '*' || clause.values.some((wanted) => wanted.toLowerCase() === value.toLowerCase());
}

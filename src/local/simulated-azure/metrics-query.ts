// Parses and validates a metrics:getBatch request the way the service does: required parameters,
// at most 50 resource IDs of one subscription, region and type, known metrics, dimensions every
// requested metric has, and `top` defaulting to 10 once a filter is given.
// https://learn.microsoft.com/rest/api/monitor/metrics-batch/batch
// https://learn.microsoft.com/azure/azure-monitor/metrics/migrate-to-batch-api#batching-restrictions
import { normalizeRegion, parseResourceId, resourceIdKey } from '../../azure/resource-id.js';
import { floorToMinute } from './clock.js';
import { badRequest } from './http-util.js';
import { AGGREGATIONS, metricsOfNamespace, type Aggregation, type MetricDefinition } from './metric-catalog.js';
import type { SimulatedWorld } from './world.js';
import { typeOfId } from './world.js';

export const API_VERSIONS = ['2024-02-01', '2023-10-01'];
/** "up to 50 resource IDs in the same subscription and region in a single batch API call". */
export const MAX_RESOURCE_IDS = 50;
/** Default `top` when a filter is given: "Valid only if filter is specified. Defaults to 10." (metricBatch.json). */
export const DEFAULT_TOP = 10;
const DEFAULT_SPAN_MS = 60 * 60 * 1000;
const MAX_SPAN_MS = 31 * 24 * 60 * 60 * 1000;

export interface FilterClause {
  /** As written in the filter. */
  dimension: string;
  /** `*` splits by the dimension; otherwise the values kept (compared case-insensitively). */
  values: '*' | string[];
}

export interface BatchQuery {
  subscriptionId: string;
  namespace: string;
  metrics: MetricDefinition[];
  /** First minute of the window (inclusive) and its end (exclusive), in ms. */
  fromMs: number;
  toMs: number;
  /** As requested, echoed in the answer. */
  starttime: string;
  endtime: string;
  aggregations: Aggregation[];
  filter: FilterClause[];
  /** Series kept per metric and resource; undefined without a filter. */
  top: number | undefined;
  orderBy: { aggregation: Aggregation; descending: boolean } | undefined;
  resourceIds: string[];
}

export function parseBatchQuery(world: SimulatedWorld, subscriptionId: string, region: string | undefined, query: URLSearchParams, body: unknown): BatchQuery {
  if (!API_VERSIONS.includes(query.get('api-version') ?? '')) throw badRequest(`api-version must be one of ${API_VERSIONS.join(', ')}.`);
  const namespace = query.get('metricnamespace');
  if (!namespace) throw badRequest('The metricnamespace parameter is required.');
  const catalog = metricsOfNamespace(namespace);
  if (!catalog) throw badRequest(`Metric namespace '${namespace}' is not supported by the simulation.`);
  const metrics = parseMetricNames(query.get('metricnames'), namespace, catalog);
  const resourceIds = parseResourceIds(world, body, subscriptionId, region, namespace);
  const interval = query.get('interval') ?? 'PT1M';
  if (interval.toUpperCase() !== 'PT1M') throw badRequest(`Interval '${interval}' is not supported by the simulation (PT1M only).`);
  const { fromMs, toMs, starttime, endtime } = parseWindow(query.get('starttime'), query.get('endtime'), world.clock.now().getTime());
  const aggregations = parseAggregations(query.get('aggregation') ?? 'average');
  const filter = parseFilter(query.get('filter'));
  for (const metric of metrics) {
    const unknown = filter.find((clause) => !metric.dimensions.some((d) => d.toLowerCase() === clause.dimension.toLowerCase()));
    if (unknown) throw badRequest(`Metric: ${metric.name} does not support requested dimension combination: ${unknown.dimension}, supported ones are: ${metric.dimensions.join(',') || '(none)'}`);
  }
  const top = filter.length === 0 ? undefined : parseTop(query.get('top'));
  return { subscriptionId, namespace, metrics, fromMs, toMs, starttime, endtime, aggregations, filter, top, orderBy: parseOrderBy(query.get('orderby')), resourceIds };
}

function parseMetricNames(text: string | null, namespace: string, catalog: readonly MetricDefinition[]): MetricDefinition[] {
  const names = (text ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) throw badRequest('The metricnames parameter is required.');
  return names.map((name) => {
    const metric = catalog.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    if (!metric) throw badRequest(`Failed to find metric configuration for provider: ${namespace}, metric: ${name}, Valid metrics: ${catalog.map((m) => m.name).join(',')}`);
    return metric;
  });
}

function parseResourceIds(world: SimulatedWorld, body: unknown, subscriptionId: string, region: string | undefined, namespace: string): string[] {
  const ids = (body as { resourceids?: unknown } | null)?.resourceids;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) throw badRequest('The body must be {"resourceids": [ …resource IDs ]}.');
  if (ids.length > MAX_RESOURCE_IDS) throw badRequest(`The number of resource IDs (${ids.length}) exceeds the limit of ${MAX_RESOURCE_IDS} per batch.`);
  const regions = new Set<string>(region ? [normalizeRegion(region)] : []);
  for (const id of ids as string[]) {
    let parts;
    try {
      parts = parseResourceId(id);
    } catch {
      throw badRequest(`'${id}' is not a valid resource ID.`);
    }
    if (parts.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) throw badRequest(`All resources in a batch must be in subscription '${subscriptionId}'; '${id}' is not.`);
    if (typeOfId(id) !== namespace.toLowerCase()) throw badRequest(`All resources in a batch must be of type '${namespace}'; '${id}' is not.`);
    const found = world.get(id);
    const location = found ? normalizeRegion(found.location) : undefined;
    if (location) regions.add(location);
    if (regions.size > 1) throw badRequest(`All resources in a batch must be in the same region${region ? ` as the endpoint (${region})` : ''}; '${id}' is in '${location}'.`);
  }
  const unique = new Map((ids as string[]).map((id) => [resourceIdKey(id), id]));
  return [...unique.values()];
}

function parseWindow(start: string | null, end: string | null, nowMs: number) {
  if (end && !start) throw badRequest('starttime is required when endtime is given.');
  const toMs = end ? Date.parse(end) : nowMs;
  const fromRaw = start ? Date.parse(start) : toMs - DEFAULT_SPAN_MS;
  if (!Number.isFinite(toMs) || !Number.isFinite(fromRaw)) {
    throw badRequest('Detected invalid time range parameters. Please use only starttime and endtime in the format yyyy-MM-ddTHH:mm:ss.fffZ.');
  }
  if (fromRaw >= toMs || toMs - fromRaw > MAX_SPAN_MS) throw badRequest('The time range is empty or longer than the simulation serves (31 days).');
  return { fromMs: floorToMinute(fromRaw), toMs, starttime: start ?? new Date(fromRaw).toISOString(), endtime: end ?? new Date(toMs).toISOString() };
}

function parseAggregations(text: string): Aggregation[] {
  const list = text.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean);
  const unknown = list.find((item) => !AGGREGATIONS.includes(item as Aggregation));
  if (unknown || list.length === 0) throw badRequest(`Invalid aggregation '${unknown ?? text}'; expected ${AGGREGATIONS.join(', ')}.`);
  return [...new Set(list as Aggregation[])];
}

function parseTop(text: string | null): number {
  if (text === null) return DEFAULT_TOP;
  const top = Number(text);
  if (!Number.isInteger(top) || top < 1) throw badRequest(`Invalid top '${text}'.`);
  return top;
}

function parseOrderBy(text: string | null): BatchQuery['orderBy'] {
  if (!text) return undefined;
  const match = /^\s*(\w+)(?:\s+(asc|desc))?\s*$/i.exec(text);
  const aggregation = match?.[1]?.toLowerCase() as Aggregation | undefined;
  if (!match || !aggregation || !AGGREGATIONS.includes(aggregation)) throw badRequest(`Invalid orderby '${text}'.`);
  return { aggregation, descending: (match[2] ?? 'desc').toLowerCase() === 'desc' };
}

/**
 * `A eq 'a1' and B eq '*' and C eq 'c1' or C eq 'c2'`: clauses joined by `and`; `or` only between
 * values of one dimension (the documented grammar).
 */
export function parseFilter(text: string | null): FilterClause[] {
  if (!text || !text.trim()) return [];
  const clauses = new Map<string, FilterClause>();
  for (const part of text.split(/\s+and\s+/i)) {
    const alternatives = part.split(/\s+or\s+/i).map((alternative) => {
      const match = /^\s*\(?\s*([A-Za-z][\w.]*)\s+eq\s+'([^']*)'\s*\)?\s*$/i.exec(alternative);
      if (!match) throw badRequest(`Invalid filter near "${alternative.trim()}". Expected: Dimension eq 'value'.`);
      return { dimension: match[1]!, value: match[2]! };
    });
    const dimension = alternatives[0]!.dimension;
    if (alternatives.some((alternative) => alternative.dimension.toLowerCase() !== dimension.toLowerCase())) {
      throw badRequest(`Invalid filter: the or operator cannot separate two different metadata names ("${part.trim()}").`);
    }
    if (clauses.has(dimension.toLowerCase())) throw badRequest(`Invalid filter: dimension '${dimension}' appears twice.`);
    const values = alternatives.some((alternative) => alternative.value === '*') ? '*' : alternatives.map((alternative) => alternative.value);
    clauses.set(dimension.toLowerCase(), { dimension, values });
  }
  return [...clauses.values()];
}

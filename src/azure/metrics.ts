// Reads one batch's metrics with MetricsClient.queryResources: one call per metric group for the
// whole batch (≤ 50 resources), `top` raised above what the batch can return, throttling retried.
// The service rejects a whole call when the caller may not read one of its resources, so a 403 (or
// 404) splits the batch in halves until the unreadable targets stand alone; the others still read.
// Groups are asked one after the other and each answer is read onto the minute grid and dropped
// before the next call: a group's answer for 50 load balancers × 100 nodes is tens of MB of SDK
// objects, and holding two at once raised the run's peak memory by about 15 % (bench/README.md).
import type { MetricsClient, MetricsQueryResourcesOptions, MetricsQueryResult } from '@azure/monitor-query-metrics';
import type { TargetMetrics, TargetTopology } from '../snat/model.js';
import type { TargetBatch } from './batches.js';
import type { AzureClients } from './clients.js';
import { metricGroupsOf, topFor, type MetricGroup } from './metric-groups.js';
import { metricsAssembler, type MetricsWindow } from './metrics-mapping.js';
import { toReadError, type TargetRead, type TargetReadError } from './read-error.js';
import { metricNamespaceOf, type TargetKind } from './resource-id.js';
import { statusOf, withRetry, type RetryOptions } from './retry.js';

export type { MetricsWindow } from './metrics-mapping.js';

export interface ReadBatchMetricsOptions {
  clients: AzureClients;
  /** Its `deadline` (the batch's) bounds every call; what is still unasked then fails as `timeout`. */
  retry?: RetryOptions;
}

/** Re-queries with a 4× larger `top` this often when a metric came back with exactly `top` series. */
const MAX_TOP_RAISES = 2;

type GroupAnswer = Map<string, MetricsQueryResult | TargetReadError>;

/** One answer per target of the batch, in batch order. */
export async function readBatchMetrics(batch: TargetBatch<TargetTopology>, window: MetricsWindow, options: ReadBatchMetricsOptions): Promise<TargetRead<TargetMetrics>[]> {
  const client = options.clients.metrics(batch.region);
  const ids = batch.targets.map((target) => target.id);
  const assemblers = batch.targets.map((target) => metricsAssembler(batch.kind, target.id, window));
  const errors = new Map<string, TargetReadError>();
  for (const [groupIndex, group] of metricGroupsOf(batch.kind).entries()) {
    const answer = await queryGroup({ client, kind: batch.kind, group, top: topFor(group, batch.targets), window, retry: options.retry }, ids);
    batch.targets.forEach((target, index) => {
      const key = target.id.toLowerCase();
      const result = answer.get(key);
      if (result && 'kind' in result) errors.set(key, errors.get(key) ?? result);
      else if (!errors.has(key)) assemblers[index]!.take(groupIndex, result);
    });
  }
  return batch.targets.map((target, index): TargetRead<TargetMetrics> => {
    const error = errors.get(target.id.toLowerCase());
    return error ? { targetId: target.id, ok: false, error } : { targetId: target.id, ok: true, value: assemblers[index]!.build() };
  });
}

interface GroupQuery {
  client: MetricsClient;
  kind: TargetKind;
  group: MetricGroup;
  top: number;
  window: MetricsWindow;
  retry: RetryOptions | undefined;
}

async function queryGroup(query: GroupQuery, ids: readonly string[]): Promise<GroupAnswer> {
  const answer: GroupAnswer = new Map();
  await querySlice(query, ids, answer);
  return answer;
}

async function querySlice(query: GroupQuery, ids: readonly string[], answer: GroupAnswer): Promise<void> {
  try {
    let top = query.top;
    for (let raise = 0; ; raise++) {
      const results = await withRetry((abortSignal) => send(query, ids, top, abortSignal), query.retry);
      if (!query.group.filter || raise >= MAX_TOP_RAISES || !reachedTop(results, top)) return assign(ids, results, answer);
      top *= 4;
    }
  } catch (error) {
    const status = statusOf(error);
    if ((status === 403 || status === 404) && ids.length > 1) {
      const middle = Math.ceil(ids.length / 2);
      await Promise.all([querySlice(query, ids.slice(0, middle), answer), querySlice(query, ids.slice(middle), answer)]);
      return;
    }
    for (const id of ids) answer.set(id.toLowerCase(), toReadError(id, error));
  }
}

function send(query: GroupQuery, ids: readonly string[], top: number, abortSignal: AbortSignal | undefined): Promise<MetricsQueryResult[]> {
  const { group, window } = query;
  // MetricsQueryResourcesOptions does not declare abortSignal, yet queryResources spreads its options
  // into the operation's request parameters, which honour it (DOMAIN-NOTES.md, Deadlines).
  const options: MetricsQueryResourcesOptions & { abortSignal?: AbortSignal } = {
    startTime: window.from,
    endTime: window.to,
    interval: 'PT1M',
    aggregation: group.aggregation,
    // `top` is only valid with a filter (and then defaults to 10).
    ...(group.filter ? { filter: group.filter, top } : {}),
    ...(abortSignal ? { abortSignal } : {}),
  };
  return query.client.queryResources([...ids], [...group.metricNames], metricNamespaceOf(query.kind), options);
}

/** A metric with exactly `top` series may have lost some: the batch grew past the topology. */
function reachedTop(results: readonly MetricsQueryResult[], top: number): boolean {
  return results.some((result) => result.metrics.some((metric) => (metric.timeseries ?? []).length >= top));
}

/** Results arrive in request order; matched by resource ID first, position second. */
function assign(ids: readonly string[], results: readonly MetricsQueryResult[], answer: GroupAnswer): void {
  const byId = new Map(results.map((result) => [(result.resourceId ?? '').toLowerCase(), result]));
  ids.forEach((id, index) => {
    const result = byId.get(id.toLowerCase()) ?? (results[index] && !results[index]!.resourceId ? results[index] : undefined);
    if (result) answer.set(id.toLowerCase(), result);
  });
}

// Reads one batch's metrics from the batch API: one call per metric group for the whole batch (≤ 50
// resources), `top` raised above what the batch can return, throttling retried. Each target's series
// are kept between runs (series-cache.ts): a call asks only for the minutes since the last read plus
// a short overlap for late points, and its answer is parsed straight into typed arrays
// (metrics-batch-parse.ts), sent through the official MetricsClient's pipeline (metrics-batch-request.ts).
// The service rejects a whole call when the caller may not read one of its resources, so a 403 (or
// 404) splits the batch in halves until the unreadable targets stand alone; the others still read.
// Groups are asked one after the other and each answer is written into the series and dropped
// before the next call: a full answer for 50 load balancers × 100 nodes is tens of MB of JSON.
import type { MetricsClient } from '@azure/monitor-query-metrics';
import type { TargetMetrics, TargetTopology } from '../snat/model.js';
import type { TargetBatch } from './batches.js';
import type { AzureClients } from './clients.js';
import { metricGroupsOf, topFor, type MetricGroup } from './metric-groups.js';
import { matchResources, reachedTop, resourcesOf, stampParser, writeResource, type RawResource } from './metrics-batch-parse.js';
import { sendBatchRequest } from './metrics-batch-request.js';
import { metricsAssembler, type MetricsWindow } from './metrics-mapping.js';
import { toReadError, type TargetRead, type TargetReadError } from './read-error.js';
import { metricNamespaceOf, type TargetKind } from './resource-id.js';
import { statusOf, withRetry, type RetryOptions } from './retry.js';
import { createSeriesCache, type OpenedSeries, type SeriesCache } from './series-cache.js';
import { targetShape } from './target-shape.js';

export type { MetricsWindow } from './metrics-mapping.js';

export interface ReadBatchMetricsOptions {
  clients: AzureClients;
  /** Its `deadline` (the batch's) bounds every call; what is still unasked then fails as `timeout`. */
  retry?: RetryOptions;
  /** The series kept between runs (the runtime's); without it every read covers the whole window. */
  series?: SeriesCache;
}

/** Re-queries with a 4× larger `top` this often when a metric came back with exactly `top` series. */
const MAX_TOP_RAISES = 2;

type GroupAnswer = Map<string, RawResource | TargetReadError>;

/**
 * One answer per target of the batch, in batch order. A call has one timespan, so targets are asked
 * together by where their read starts: in the steady state every target of the batch continues from
 * the same minute (one call per metric group, as before); a target read cold joins a second call
 * over the whole window.
 */
export async function readBatchMetrics(batch: TargetBatch<TargetTopology>, window: MetricsWindow, options: ReadBatchMetricsOptions): Promise<TargetRead<TargetMetrics>[]> {
  const cache = options.series ?? createSeriesCache();
  const groups = metricGroupsOf(batch.kind);
  const opened = batch.targets.map((target) => cache.open(target.id, targetShape(target), groups.length, window));
  try {
    return await readOpened(batch, window, options, cache, opened);
  } finally {
    for (const entry of opened) cache.release(entry);
  }
}

async function readOpened(batch: TargetBatch<TargetTopology>, window: MetricsWindow, options: ReadBatchMetricsOptions, cache: SeriesCache, opened: readonly OpenedSeries[]): Promise<TargetRead<TargetMetrics>[]> {
  const groups = metricGroupsOf(batch.kind);
  const errors = new Map<string, TargetReadError>();
  const parseStamp = stampParser();
  for (const members of byReadStart(batch.targets, opened)) {
    const ids = members.map(({ target }) => target.id);
    const from = new Date(members[0]!.opened.readFromMs);
    for (const [groupIndex, group] of groups.entries()) {
      const query: GroupQuery = { clients: options.clients, region: batch.region, kind: batch.kind, group, top: topFor(group, members.map((m) => m.target)), from, to: window.to, retry: options.retry };
      const answer = await queryGroup(query, ids);
      for (const { target, opened: { series, readFromMs } } of members) {
        const key = target.id.toLowerCase();
        const result = answer.get(key);
        if (result && 'kind' in result) errors.set(key, errors.get(key) ?? result);
        else if (!errors.has(key) && !writeResource(result, group, groupIndex, series, readFromMs, parseStamp)) series.incomplete = true;
      }
    }
  }
  return batch.targets.map((target, index): TargetRead<TargetMetrics> => {
    const error = errors.get(target.id.toLowerCase());
    if (error) {
      cache.forget(target.id);
      return { targetId: target.id, ok: false, error };
    }
    const { series } = opened[index]!;
    cache.complete(opened[index]!);
    const assembler = metricsAssembler(batch.kind, target.id, window);
    groups.forEach((group, groupIndex) => assembler.take(groupIndex, series.seriesOf(groupIndex, group.metricNames.length)));
    return { targetId: target.id, ok: true, value: assembler.build() };
  });
}

/** Targets grouped by where their read starts, in batch order. */
function byReadStart(targets: readonly TargetTopology[], opened: readonly OpenedSeries[]): Array<Array<{ target: TargetTopology; opened: OpenedSeries }>> {
  const groups = new Map<number, Array<{ target: TargetTopology; opened: OpenedSeries }>>();
  targets.forEach((target, index) => {
    const entry = opened[index]!;
    const list = groups.get(entry.readFromMs) ?? [];
    list.push({ target, opened: entry });
    groups.set(entry.readFromMs, list);
  });
  return [...groups.values()];
}

interface GroupQuery {
  clients: AzureClients;
  region: string;
  kind: TargetKind;
  group: MetricGroup;
  top: number;
  from: Date;
  to: Date;
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
      const resources = await withRetry(async (abortSignal) => resourcesOf(await send(query, ids, top, abortSignal)), query.retry);
      if (!query.group.filter || raise >= MAX_TOP_RAISES || !reachedTop(resources, top)) {
        for (const [id, resource] of matchResources(ids, resources)) answer.set(id, resource);
        return;
      }
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

function send(query: GroupQuery, ids: readonly string[], top: number, abortSignal: AbortSignal | undefined): Promise<unknown> {
  const { group } = query;
  const client: MetricsClient = query.clients.metrics(query.region);
  return sendBatchRequest({
    client,
    endpoint: query.clients.metricsEndpoint(query.region),
    subscriptionId: subscriptionOf(ids[0]!),
    metricNamespace: metricNamespaceOf(query.kind),
    metricNames: group.metricNames,
    aggregation: group.aggregation,
    // `top` is only valid with a filter (and then defaults to 10).
    ...(group.filter ? { filter: group.filter, top } : {}),
    startTime: query.from,
    endTime: query.to,
    resourceIds: ids,
    ...(abortSignal ? { abortSignal } : {}),
  });
}

/** `/subscriptions/{id}/…` → id (a batch is one subscription's). */
function subscriptionOf(resourceId: string): string {
  return /^\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1] ?? '';
}

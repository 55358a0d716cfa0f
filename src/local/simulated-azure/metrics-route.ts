// POST [/metrics/{region}]/subscriptions/{sub}/metrics:getBatch — the regional metrics batch API.
// The region sits in the path here because the simulation has one host (the real service has one
// host per region: https://{region}.metrics.monitor.azure.com). The answer streams resource by
// resource so a batch of 50 load balancers × 100 nodes never sits in memory as one string.
import type { ServerResponse } from 'node:http';
import { normalizeRegion } from '../../azure/resource-id.js';
import { MINUTE_MS } from './clock.js';
import { writeChunk } from './http-util.js';
import { parseBatchQuery } from './metrics-query.js';
import { renderResource, timestampPrefixes } from './metrics-render.js';
import { loadBalancerSeries, natGatewaySeries, SampleCache } from './metrics-series.js';
import type { SimulatedWorld } from './world.js';

const PATH = /^(?:\/metrics\/([^/]+))?\/subscriptions\/([^/]+)\/metrics:getBatch$/i;

export interface MetricsPath {
  region: string | undefined;
  subscriptionId: string;
}

export function matchMetricsPath(path: string): MetricsPath | undefined {
  const match = PATH.exec(path);
  return match ? { region: match[1], subscriptionId: match[2]! } : undefined;
}

/** The `resourceids` of a batch body, for fault matching and the request log (empty when malformed). */
export function batchResourceIds(body: unknown): string[] {
  const ids = (body as { resourceids?: unknown } | null)?.resourceids;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/** Validates the query (throwing SimHttpError 400 like the service) and streams the answer. */
export async function handleMetricsBatch(world: SimulatedWorld, path: MetricsPath, query: URLSearchParams, body: unknown, res: ServerResponse): Promise<void> {
  const batch = parseBatchQuery(world, path.subscriptionId, path.region, query, body);
  const nowMs = world.clock.now().getTime();
  const minutes: number[] = [];
  for (let at = batch.fromMs; at < batch.toMs && at <= nowMs; at += MINUTE_MS) minutes.push(at);
  const stamps = timestampPrefixes(minutes);
  const cache = new SampleCache(world, minutes);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  await writeChunk(res, '{"values":[');
  for (const [index, resourceId] of batch.resourceIds.entries()) {
    const resource = world.get(resourceId);
    const series = batch.metrics.map((metric) => {
      if (resource?.kind === 'loadBalancer') return loadBalancerSeries(resource, metric, cache);
      if (resource?.kind === 'natGateway') return natGatewaySeries(resource, metric, cache);
      return [];
    });
    const quirks = resource?.kind === 'loadBalancer' || resource?.kind === 'natGateway' ? resource.quirks : undefined;
    const answer = {
      resourceId,
      region: normalizeRegion(resource?.location ?? path.region ?? 'eastus'),
      series,
      dimensionNames: quirks?.dimensionNames ?? 'lowercase',
    };
    await writeChunk(res, (index === 0 ? '' : ',') + renderResource(batch, answer, stamps));
  }
  res.end(']}');
}

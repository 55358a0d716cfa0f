// Reads the topology of many targets through Azure Resource Graph: one query for the load balancers
// and NAT gateways (by ID, or by scope when more targets than one ID list holds), one for the public
// IP prefixes and AKS clusters they point at, each across every subscription and paged at 1,000 rows.
// The rows become the SDK's models and go through the ARM reader's own code (topology.ts), so the
// model is the same whichever source answered. ARM is asked only for what Resource Graph lacks: a
// target it did not return (gone, forbidden, or not indexed yet — ARM says which), a cluster or prefix
// the identity may not see there, and the scale sets' NICs for node names (not in Resource Graph).
import type { TargetTopology } from '../snat/model.js';
import { queryGraph } from './resource-graph-client.js';
import { MAX_IDS_PER_QUERY, relatedInScopeQuery, relatedQuery, targetsByIdQuery, targetsInScopeQuery } from './resource-graph-queries.js';
import { addRows, emptyPrefetch, type GraphPrefetch, type GraphRow } from './resource-graph-rows.js';
import { loadBalancerShape } from './load-balancer-topology.js';
import { failedRead, toReadError, type ReadErrorKind, type TargetRead } from './read-error.js';
import { parseResourceId, targetKindOf } from './resource-id.js';
import { readTopology, type ReadTopologyOptions } from './topology.js';
import type { LoadBalancer, NatGateway } from '@azure/arm-network';

export interface ReadGraphTopologyOptions extends ReadTopologyOptions {
  /** Rows per Resource Graph page (default 1,000); tests lower it. */
  pageSize?: number;
  /** Told how many Resource Graph requests the read cost (benchmarks, logs). */
  onGraphCalls?: (calls: number) => void;
}

/** Whole-query failures that say nothing about the targets: they fail this read, and the cache keeps the last good topology. */
const PASSING: ReadonlySet<ReadErrorKind> = new Set(['timeout', 'throttled', 'failed']);

/** One answer per target ID, in input order, as readTopology gives. */
export async function readTopologyFromGraph(targetIds: readonly string[], options: ReadGraphTopologyOptions): Promise<TargetRead<TargetTopology>[]> {
  const wanted = targetIds.filter((id) => targetKindOf(id) !== undefined);
  if (wanted.length === 0) return readTopology(targetIds, options);
  let prefetched: GraphPrefetch;
  try {
    prefetched = await prefetch(wanted, options);
  } catch (error) {
    // Refused as a whole (an identity without Resource Graph access, a bad request): ARM answers per target instead.
    if (!PASSING.has(toReadError('', error).kind)) return readTopology(targetIds, options);
    return targetIds.map((id) => failedRead<TargetTopology>(id, error));
  }
  return readTopology(targetIds, { ...options, prefetched });
}

async function prefetch(ids: readonly string[], options: ReadGraphTopologyOptions): Promise<GraphPrefetch> {
  const graph = { clients: options.clients, retry: options.retry, pageSize: options.pageSize };
  const subscriptions = distinct(ids.map((id) => parseResourceId(id).subscriptionId));
  const byId = ids.length <= MAX_IDS_PER_QUERY;
  const targets = await queryGraph<GraphRow>(byId ? targetsByIdQuery(ids) : targetsInScopeQuery(), subscriptions, graph);
  const wanted = new Set(ids.map((id) => id.toLowerCase()));
  const found = addRows(emptyPrefetch(), targets.rows.filter((row) => wanted.has(row.id.toLowerCase())));
  const { prefixIds, nodeGroups } = relatedOf([...found.targets.values()]);
  let calls = targets.calls;
  if (prefixIds.length > 0 || nodeGroups.length > 0) {
    // Clusters live in their node resource group's subscription; prefixes may live anywhere.
    const scopes = distinct([...subscriptions, ...prefixIds.map((id) => parseResourceId(id).subscriptionId)]);
    // More than one ID list holds: every prefix and cluster of those subscriptions, 1,000 rows a page.
    const inScope = prefixIds.length > MAX_IDS_PER_QUERY || nodeGroups.length > MAX_IDS_PER_QUERY;
    const related = await queryGraph<GraphRow>(inScope ? relatedInScopeQuery() : relatedQuery(prefixIds, nodeGroups), scopes, graph);
    addRows(found, related.rows);
    calls += related.calls;
  }
  options.onGraphCalls?.(calls);
  return found;
}

/** The prefixes the targets' outbound frontends (or NAT gateways) use, and the node resource groups of `kubernetes` load balancers. */
function relatedOf(targets: ReadonlyArray<LoadBalancer | NatGateway>): { prefixIds: string[]; nodeGroups: string[] } {
  const prefixIds: string[] = [];
  const nodeGroups: string[] = [];
  for (const target of targets) {
    if ((target.type ?? '').toLowerCase().endsWith('/natgateways')) {
      const gateway = target as NatGateway;
      for (const ref of [...(gateway.publicIpPrefixes ?? []), ...(gateway.publicIpPrefixesV6 ?? [])]) if (ref.id) prefixIds.push(ref.id);
      continue;
    }
    const lb = target as LoadBalancer;
    prefixIds.push(...loadBalancerShape(lb).prefixIds);
    if (lb.name?.toLowerCase() === 'kubernetes' && lb.id) nodeGroups.push(parseResourceId(lb.id).resourceGroup);
  }
  return { prefixIds: distinct(prefixIds), nodeGroups: distinct(nodeGroups) };
}

/** Case-insensitively distinct, first spelling kept. */
function distinct(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => !seen.has(value.toLowerCase()) && seen.add(value.toLowerCase()));
}

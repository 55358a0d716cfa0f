// Resource Graph rows → the SDK models the ARM reader gets, so one code path (topology.ts) builds the
// topology from either source. A row carries ARM's wire shape (`properties` nested, as a GET answers);
// the SDKs flatten `properties` into each resource and sub-resource (frontend IP configurations, pools,
// rules, backend addresses). Only the flattening is done here: names and values are Azure's own.
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { LoadBalancer, NatGateway, PublicIPPrefix } from '@azure/arm-network';
import { GRAPH_TYPES } from './resource-graph-queries.js';

/** A row of the projected queries (resource-graph-queries.ts). */
export interface GraphRow {
  id: string;
  name?: string;
  type: string;
  location?: string;
  sku?: unknown;
  tags?: Record<string, string> | null;
  properties?: Record<string, unknown> | null;
}

/** What Resource Graph gave, keyed by lowercased resource ID (node resource group for clusters). */
export interface GraphPrefetch {
  targets: Map<string, LoadBalancer | NatGateway>;
  prefixes: Map<string, PublicIPPrefix>;
  /** Clusters by lowercased node resource group. */
  clustersByNodeGroup: Map<string, ManagedCluster>;
}

export function emptyPrefetch(): GraphPrefetch {
  return { targets: new Map(), prefixes: new Map(), clustersByNodeGroup: new Map() };
}

/** Files each row where topology.ts looks for it. Rows of other types are ignored. */
export function addRows(prefetch: GraphPrefetch, rows: readonly GraphRow[]): GraphPrefetch {
  for (const row of rows) {
    const type = row.type?.toLowerCase();
    const model: unknown = toSdkModel(row);
    const key = row.id.toLowerCase();
    if (type === GRAPH_TYPES.loadBalancer || type === GRAPH_TYPES.natGateway) prefetch.targets.set(key, model as LoadBalancer | NatGateway);
    else if (type === GRAPH_TYPES.publicIpPrefix) prefetch.prefixes.set(key, model as PublicIPPrefix);
    else if (type === GRAPH_TYPES.managedCluster) {
      const nodeGroup = (model as ManagedCluster).nodeResourceGroup;
      if (nodeGroup) prefetch.clustersByNodeGroup.set(nodeGroup.toLowerCase(), model as ManagedCluster);
    }
  }
  return prefetch;
}

/** The row as the SDK deserialises the same resource: `properties` merged in, nulls dropped, tags kept as they are. */
export function toSdkModel(row: GraphRow): Record<string, unknown> {
  const { properties, tags, ...top } = row;
  return {
    ...(flatten(top) as Record<string, unknown>),
    ...(tags && Object.keys(tags).length > 0 ? { tags } : {}),
    ...(properties ? (flatten(properties) as Record<string, unknown>) : {}),
  };
}

function flatten(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(flatten);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner === null || inner === undefined) continue;
    if (key === 'properties' && typeof inner === 'object' && !Array.isArray(inner)) Object.assign(out, flatten(inner));
    else out[key] = flatten(inner);
  }
  return out;
}

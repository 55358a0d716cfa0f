// Every KQL query the app sends to Azure Resource Graph, built here and nowhere else, so one test
// (test/azure/resource-graph-queries.test.ts) checks each shape with the Kusto language service and
// the simulated Azure recognises them. Each projects only the properties the topology model reads
// (load-balancer-topology.ts, topology.ts, aks-context.ts), at the level of Azure's own property names.
// Tables and types: https://learn.microsoft.com/azure/governance/resource-graph/reference/supported-tables-resources
// Query language: https://learn.microsoft.com/azure/governance/resource-graph/concepts/query-language

/** Resource types as Resource Graph stores them (lowercased). */
export const GRAPH_TYPES = {
  loadBalancer: 'microsoft.network/loadbalancers',
  natGateway: 'microsoft.network/natgateways',
  publicIpPrefix: 'microsoft.network/publicipprefixes',
  managedCluster: 'microsoft.containerservice/managedclusters',
} as const;

/** The query shapes, named: the simulated Azure answers these and only these. */
export type GraphQueryShape = 'targets-by-id' | 'targets-in-scope' | 'related' | 'related-in-scope';

/** Load balancer and NAT gateway properties the model reads. */
const TARGET_PROPERTIES = [
  'frontendIPConfigurations', 'backendAddressPools', 'loadBalancingRules', 'outboundRules',
  'publicIpAddresses', 'publicIpAddressesV6', 'publicIpPrefixes', 'publicIpPrefixesV6', 'idleTimeoutInMinutes',
  // A user-assigned NAT gateway's subnets name the AKS cluster it serves (routing and names).
  'subnets',
];

/** Public IP prefix properties the model reads: its size. */
const PREFIX_PROPERTIES = ['prefixLength', 'publicIPAddressVersion'];

/** AKS cluster properties the model reads: node resource group, agent pools (count, maxCount, maxSurge), network profile. */
const CLUSTER_PROPERTIES = ['nodeResourceGroup', 'agentPoolProfiles', 'networkProfile'];

/** IDs per `id in~ (…)` list: keeps the query text near 30 KB; larger reads go by scope (targetsInScopeQuery). */
export const MAX_IDS_PER_QUERY = 200;

/** The load balancers and NAT gateways named, with what the model reads of them. */
export function targetsByIdQuery(ids: readonly string[]): string {
  if (ids.length === 0 || ids.length > MAX_IDS_PER_QUERY) throw new RangeError(`targetsByIdQuery takes 1–${MAX_IDS_PER_QUERY} IDs, got ${ids.length}`);
  return [
    'resources',
    `| where type in~ (${quoteAll([GRAPH_TYPES.loadBalancer, GRAPH_TYPES.natGateway])})`,
    `| where id in~ (${quoteAll(ids)})`,
    projectTarget(),
  ].join('\n');
}

/**
 * Every load balancer and NAT gateway in the request's subscriptions (discovery, and reads of more
 * targets than one ID list holds): one query for them all, paged by Resource Graph.
 */
export function targetsInScopeQuery(): string {
  return ['resources', `| where type in~ (${quoteAll([GRAPH_TYPES.loadBalancer, GRAPH_TYPES.natGateway])})`, projectTarget()].join('\n');
}

/** The public IP prefixes named, and the AKS clusters whose node resource group is one of those named. */
export function relatedQuery(prefixIds: readonly string[], nodeResourceGroups: readonly string[]): string {
  const clauses = [
    ...(prefixIds.length > 0 ? [`(type =~ '${GRAPH_TYPES.publicIpPrefix}' and id in~ (${quoteAll(prefixIds)}))`] : []),
    ...(nodeResourceGroups.length > 0
      ? [`(type =~ '${GRAPH_TYPES.managedCluster}' and tostring(properties.nodeResourceGroup) in~ (${quoteAll(nodeResourceGroups)}))`]
      : []),
  ];
  if (clauses.length === 0) throw new RangeError('relatedQuery needs prefix IDs or node resource groups');
  const properties = [...(prefixIds.length > 0 ? PREFIX_PROPERTIES : []), ...(nodeResourceGroups.length > 0 ? CLUSTER_PROPERTIES : [])];
  return ['resources', `| where ${clauses.join(' or ')}`, `| project id, name, type, location, tags, properties = ${pack(properties)}`].join('\n');
}

/** Every public IP prefix and AKS cluster in the request's subscriptions: when more are needed than ID lists hold. */
export function relatedInScopeQuery(): string {
  return [
    'resources',
    `| where type in~ (${quoteAll([GRAPH_TYPES.publicIpPrefix, GRAPH_TYPES.managedCluster])})`,
    `| project id, name, type, location, tags, properties = ${pack([...PREFIX_PROPERTIES, ...CLUSTER_PROPERTIES])}`,
  ].join('\n');
}

/** Every shape the code can send, built with sample arguments: what the KQL test checks. */
export function everyQueryShape(): Array<{ shape: GraphQueryShape; name: string; query: string }> {
  const lb = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/kubernetes';
  const prefix = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/publicIPPrefixes/p1';
  return [
    { shape: 'targets-by-id', name: 'targets by ID', query: targetsByIdQuery([lb, lb.replace('kubernetes', "o'brien")]) },
    { shape: 'targets-in-scope', name: 'targets in scope', query: targetsInScopeQuery() },
    { shape: 'related', name: 'prefixes and clusters', query: relatedQuery([prefix], ['MC_rg_aks_eastus']) },
    { shape: 'related', name: 'prefixes only', query: relatedQuery([prefix], []) },
    { shape: 'related', name: 'clusters only', query: relatedQuery([], ['MC_rg_aks_eastus']) },
    { shape: 'related-in-scope', name: 'prefixes and clusters in scope', query: relatedInScopeQuery() },
  ];
}

function projectTarget(): string {
  return `| project id, name, type, location, sku, tags, properties = ${pack(TARGET_PROPERTIES)}`;
}

/** `bag_pack('a', properties.a, …)`: a property bag of only the properties named. */
function pack(names: readonly string[]): string {
  return `bag_pack(${names.map((name) => `'${name}', properties.${name}`).join(', ')})`;
}

/** KQL string literals: single-quoted, backslash and quote escaped. */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function quoteAll(values: readonly string[]): string {
  return values.map(quote).join(', ');
}

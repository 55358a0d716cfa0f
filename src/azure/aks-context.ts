// What an AKS cluster adds to its `kubernetes` load balancer: how many nodes it may grow to
// (autoscaler maxCount, else count, summed over every pool — the LB backend pool holds all of
// them), how many extra nodes an upgrade adds (maxSurge per pool, on that pool's maxCount, a
// percentage rounded up — how AKS checks outbound ports, DOMAIN.md §10, §12), where its outbound IPs
// come from (a managed count, own public IPs or own prefixes, with their IDs) and whether its nodes
// sit in a custom VNet (agent pools' vnetSubnetID). Pure: fed the SDK's ManagedCluster.
// https://learn.microsoft.com/azure/aks/upgrade-aks-cluster#customize-node-surge-upgrade
// https://learn.microsoft.com/azure/aks/configure-load-balancer-standard#provide-your-own-outbound-public-ips-or-prefixes
import type { ManagedCluster, ManagedClusterAgentPoolProfile } from '@azure/arm-containerservice';
import type { AksContext, AksNodePool, OutboundIpSource } from '../snat/model.js';

export type Surge = { kind: 'nodes'; nodes: number } | { kind: 'percent'; percent: number };

/** "33%" or "5" as AKS spells maxSurge; throws RangeError otherwise. */
export function parseSurge(value: string): Surge {
  const match = /^\s*(\d+)\s*(%?)\s*$/.exec(value);
  if (!match) throw new RangeError(`maxSurge must be a node count ("1") or a percentage ("10%"), got "${value}"`);
  const amount = Number(match[1]);
  return match[2] ? { kind: 'percent', percent: amount } : { kind: 'nodes', nodes: amount };
}

/** Extra nodes a pool of `count` nodes gets during an upgrade; percentages round up. */
export function surgeNodes(surge: Surge, count: number): number {
  return surge.kind === 'nodes' ? surge.nodes : Math.ceil((count * surge.percent) / 100);
}

export function aksContextFromCluster(cluster: ManagedCluster, defaultSurge: Surge): AksContext {
  const pools = (cluster.agentPoolProfiles ?? []).map((pool) => nodePool(pool, defaultSurge));
  const network = cluster.networkProfile;
  const profile = network?.loadBalancerProfile;
  const outboundType = network?.outboundType ?? 'loadBalancer';
  const id = cluster.id ?? '';
  return {
    clusterId: id,
    clusterName: cluster.name ?? '',
    resourceGroup: /\/resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? '',
    source: 'cluster',
    maxNodes: pools.reduce((sum, pool) => sum + (pool.maxCount ?? pool.count), 0),
    surgeNodes: pools.reduce((sum, pool) => sum + pool.surgeNodes, 0),
    pools,
    outboundType,
    managedOutboundIps: profile?.managedOutboundIPs?.count ?? null,
    outboundIps: outboundType.toLowerCase() === 'loadbalancer' ? outboundIpSource(profile) : null,
    allocatedOutboundPorts: profile?.allocatedOutboundPorts ?? 0,
    idleTimeoutMinutes: profile?.idleTimeoutInMinutes ?? null,
    vnetSubnetIds: [...new Set((cluster.agentPoolProfiles ?? []).flatMap((pool) => (pool.vnetSubnetID ? [pool.vnetSubnetID] : [])))],
    ...(cluster.tags ? { tags: { ...cluster.tags } } : {}),
  };
}

function nodePool(pool: ManagedClusterAgentPoolProfile, defaultSurge: Surge): AksNodePool {
  const count = pool.count ?? 0;
  const maxCount = pool.enableAutoScaling ? pool.maxCount ?? null : null;
  return {
    name: pool.name,
    count,
    maxCount,
    maxSurge: pool.upgradeSettings?.maxSurge ?? null,
    // AKS checks ports against each pool at its maxCount plus that pool's surge.
    surgeNodes: surgeNodes(poolSurge(pool.upgradeSettings?.maxSurge, defaultSurge), maxCount ?? count),
  };
}

/** Own IPs or prefixes when listed (AKS allows one source at a time), else the managed count (default 1). */
function outboundIpSource(profile: NonNullable<ManagedCluster['networkProfile']>['loadBalancerProfile']): OutboundIpSource {
  const ips = (profile?.outboundIPs?.publicIPs ?? []).flatMap((ref) => (ref.id ? [ref.id] : []));
  if (ips.length > 0) return { kind: 'publicIps', ids: ips };
  const prefixes = (profile?.outboundIPPrefixes?.publicIPPrefixes ?? []).flatMap((ref) => (ref.id ? [ref.id] : []));
  if (prefixes.length > 0) return { kind: 'prefixes', ids: prefixes };
  return { kind: 'managed', count: profile?.managedOutboundIPs?.count ?? Math.max(1, profile?.effectiveOutboundIPs?.length ?? 0) };
}

function poolSurge(value: string | undefined, fallback: Surge): Surge {
  if (!value) return fallback;
  try {
    return parseSurge(value);
  } catch {
    return fallback;
  }
}

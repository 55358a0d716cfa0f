// What an AKS cluster adds to its `kubernetes` load balancer: how many nodes it may grow to
// (autoscaler maxCount, else count, summed over every pool — the LB backend pool holds all of
// them) and how many extra nodes an upgrade adds (maxSurge per pool, absolute or a percentage
// rounded up). Pure: fed the SDK's ManagedCluster.
// https://learn.microsoft.com/azure/aks/upgrade-cluster#customize-node-surge-upgrade
// https://learn.microsoft.com/azure/aks/load-balancer-standard#configure-the-allocated-outbound-ports
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { AksContext } from '../snat/model.js';

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
  const pools = cluster.agentPoolProfiles ?? [];
  const maxNodes = pools.reduce((sum, pool) => sum + (pool.enableAutoScaling ? pool.maxCount ?? pool.count ?? 0 : pool.count ?? 0), 0);
  const surge = pools.reduce((sum, pool) => sum + surgeNodes(poolSurge(pool.upgradeSettings?.maxSurge, defaultSurge), pool.count ?? 0), 0);
  const network = cluster.networkProfile;
  const profile = network?.loadBalancerProfile;
  const id = cluster.id ?? '';
  return {
    clusterId: id,
    clusterName: cluster.name ?? '',
    resourceGroup: /\/resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? '',
    maxNodes,
    surgeNodes: surge,
    outboundType: network?.outboundType ?? 'loadBalancer',
    managedOutboundIps: profile?.managedOutboundIPs?.count ?? null,
    allocatedOutboundPorts: profile?.allocatedOutboundPorts ?? 0,
  };
}

function poolSurge(value: string | undefined, fallback: Surge): Surge {
  if (!value) return fallback;
  try {
    return parseSurge(value);
  } catch {
    return fallback;
  }
}

// Two AKS clusters whose outbound IPs belong to their owners — allow-listed by third parties, so a
// fix must keep them — both near exhaustion:
// - `aks-pay` egresses through 2 of its own public IPs with 3,000 ports per node: 40 nodes use
//   120,000 of 128,000 ports, its autoscaler may grow to 46, and its busiest nodes run at 85–100 %;
// - `aks-ledger` egresses through its own /31 prefix (2 addresses) with 4,000 ports per node: 30
//   nodes use 120,000, it may grow to 34, and one node fails connections.
// The fixes the watch gives must add an IP (or prefix) of the owner's own beside the existing ones,
// never a managed IP count. Shaped like scenario-estate.ts: a world, its clock and the targets.
import type { SimClock } from './clock.js';
import { addAksCluster } from './world-builders.js';
import type { NodeInfo, NodeMetrics } from './world-types.js';
import type { SimulatedWorld } from './world.js';
import { scenarioWorld } from './scenario-world.js';

export interface OwnIpsScenarioOptions {
  /** A GUID, so it also passes as SNAT_DISCOVERY_SUBSCRIPTIONS. */
  subscriptionId?: string;
  location?: string;
  /** Defaults to a clock stopped at the current minute. */
  clock?: SimClock;
}

export interface OwnIpsScenario {
  world: SimulatedWorld;
  clock: SimClock;
  subscriptionId: string;
  /** The `kubernetes` load balancers: the cluster on own public IPs, then the one on a prefix. */
  targetIds: string[];
}

export function createOwnIpsScenario(options: OwnIpsScenarioOptions = {}): OwnIpsScenario {
  const { clock, world } = scenarioWorld(options.clock);
  const subscriptionId = options.subscriptionId ?? '5a7e0000-0000-4000-8000-0000000001b5';
  const location = options.location ?? 'westeurope';
  const pay = addAksCluster(world, {
    subscriptionId, resourceGroup: 'rg-pay', name: 'aks-pay', location,
    pools: [
      { name: 'system', count: 3, mode: 'System', maxSurge: '1' },
      { name: 'apps', count: 37, enableAutoScaling: true, minCount: 20, maxCount: 43, maxSurge: '10%' },
    ],
    ownOutboundIps: 2,
    allocatedOutboundPorts: 3_000,
    metrics: (node) => nearExhaustion(node, 7),
  });
  const ledger = addAksCluster(world, {
    subscriptionId, resourceGroup: 'rg-ledger', name: 'aks-ledger', location,
    pools: [{ name: 'nodepool1', count: 30, enableAutoScaling: true, minCount: 10, maxCount: 34, mode: 'System', maxSurge: '1' }],
    ownOutboundIpPrefixLengths: [31],
    allocatedOutboundPorts: 4_000,
    metrics: (node) => nearExhaustion(node, 11),
  });
  return { world, clock, subscriptionId, targetIds: [pay.loadBalancer.id, ledger.loadBalancer.id] };
}

/** Most nodes at 30–50 %; every `step`-th node at 85–95 %; node 1 pinned at its allocation and failing. */
function nearExhaustion(node: NodeInfo, step: number): NodeMetrics {
  const ports = node.allocatedPorts;
  const share = node.index === 1 ? 1 : node.index % step === 3 ? 0.85 + (node.index % 3) * 0.05 : 0.3 + (node.index % 5) * 0.05;
  return ({ minute }) => ({
    used: Math.min(ports, Math.round(ports * share) + (minute % 4)),
    newConnections: 40 + (node.index % 17),
    failed: share === 1 ? 3 + (minute % 4) : 0,
  });
}

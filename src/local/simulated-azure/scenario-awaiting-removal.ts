// A scale-in: an AKS cluster of 6 nodes on one outbound IP where Azure reports node 5 with
// IsAwaitingRemoval = True. It drains at 1,000 of its 1,024 ports with a few failed connections —
// shown on the page and in the JSON, never alerted on. Node 4 runs warm (800, 78 %): a real warning.
import type { OutboundIpsScenario, OutboundIpsScenarioOptions } from './scenario-two-outbound-ips.js';
import { addAksCluster, type AksCluster } from './world-builders.js';
import type { NodeInfo, NodeMetrics } from './world-types.js';
import type { SimulatedWorld } from './world.js';
import { scenarioWorld } from './scenario-world.js';

export const REMOVED_NODE_INDEX = 5;
const SUBSCRIPTION = '7f3c2a10-2b1d-4c5e-8f90-0a1b2c3d4e04';

export function addAwaitingRemovalCluster(world: SimulatedWorld, subscriptionId = SUBSCRIPTION): AksCluster {
  return addAksCluster(world, {
    subscriptionId,
    resourceGroup: 'rg-batch',
    name: 'aks-batch',
    pools: [{ name: 'nodepool1', count: 6, mode: 'System' }],
    metrics: awaitingRemovalNode,
  });
}

export function createAwaitingRemovalScenario(options: OutboundIpsScenarioOptions = {}): OutboundIpsScenario {
  const { clock, world } = scenarioWorld(options.clock);
  const aks = addAwaitingRemovalCluster(world, options.subscriptionId);
  world.addSubscription(options.subscriptionId ?? SUBSCRIPTION);
  return { world, clock, aks, targetIds: [aks.loadBalancer.id] };
}

function awaitingRemovalNode(node: NodeInfo): NodeMetrics {
  if (node.index === REMOVED_NODE_INDEX) return () => ({ used: 1_000, newConnections: 60, failed: 4, awaitingRemoval: true });
  return () => ({ used: node.index === 4 ? 800 : 150, newConnections: 30, failed: 0 });
}

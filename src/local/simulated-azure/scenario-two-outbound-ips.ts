// A production shape the single-IP demo never plays: an AKS cluster of 100 nodes that followed the
// ADD_OUTBOUND_IPS advice and has 2 managed outbound IPs on the default allocation — 512 ports per
// node per IP (51–100 nodes), 1,024 per node in all. Use is uneven across the two IPs, as extra
// outbound IPs sit unused until the first is exhausted (metrics-spread.ts):
// - node 0 holds 600 ports: 512 on the first IP (full), 88 on the second — 59 % of the node;
// - node 1 holds 800 (78 %): a real warning;
// - nodes 2 and 3 hold 420: 82 % of the first IP, 41 % of the node;
// - the others hold 120–330, all on the first IP.
// Read with a backend-only split, Azure's Average over the two IPs says 512 allocated (a false
// "allocation reset") and Maximum says 512 used (a false critical for node 0).
import type { SimClock } from './clock.js';
import { addAksCluster, type AksCluster } from './world-builders.js';
import type { NodeInfo, NodeMetrics } from './world-types.js';
import type { SimulatedWorld } from './world.js';
import { scenarioWorld } from './scenario-world.js';

export interface OutboundIpsScenarioOptions {
  /** A GUID, so it also passes as SNAT_DISCOVERY_SUBSCRIPTIONS. */
  subscriptionId?: string;
  /** Defaults to a clock stopped at the current minute. */
  clock?: SimClock;
}

export interface OutboundIpsScenario {
  world: SimulatedWorld;
  clock: SimClock;
  aks: AksCluster;
  /** The `kubernetes` load balancer. */
  targetIds: string[];
}

export const TWO_IPS_NODES = 100;
const SUBSCRIPTION = '7f3c2a10-2b1d-4c5e-8f90-0a1b2c3d4e02';

/** Adds the cluster to a world (the test harness brings its own). */
export function addTwoOutboundIpsCluster(world: SimulatedWorld, subscriptionId = SUBSCRIPTION): AksCluster {
  return addAksCluster(world, {
    subscriptionId,
    resourceGroup: 'rg-checkout',
    name: 'aks-checkout',
    managedOutboundIps: 2,
    pools: [{ name: 'nodepool1', count: TWO_IPS_NODES, mode: 'System' }],
    metrics: twoIpsNode,
  });
}

export function createTwoOutboundIpsScenario(options: OutboundIpsScenarioOptions = {}): OutboundIpsScenario {
  const { clock, world } = scenarioWorld(options.clock);
  const aks = addTwoOutboundIpsCluster(world, options.subscriptionId);
  world.addSubscription(options.subscriptionId ?? SUBSCRIPTION);
  return { world, clock, aks, targetIds: [aks.loadBalancer.id] };
}

function twoIpsNode(node: NodeInfo): NodeMetrics {
  const used = node.index === 0 ? 600 : node.index === 1 ? 800 : node.index <= 3 ? 420 : 120 + ((node.index * 37) % 211);
  return () => ({ used, newConnections: 30 + (node.index % 20), failed: 0 });
}

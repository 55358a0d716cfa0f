// A large synthetic estate for benchmarks: N Standard load balancers × M nodes (and optionally NAT
// gateways) spread over subscriptions, with deterministic, varied per-node metrics — most nodes
// quiet, a few warm, one in a hundred failing — so every pipeline stage has real work to do.
import type { SimClock } from './clock.js';
import { addLoadBalancer, addNatGateway } from './world-builders.js';
import type { NodeInfo, NodeMetrics } from './world-types.js';
import type { SimulatedWorld } from './world.js';
import { scenarioWorld } from './scenario-world.js';

export interface EstateScenarioOptions {
  loadBalancers: number;
  nodesPerLoadBalancer: number;
  natGateways?: number;
  /** Subscriptions to spread the resources over (default 1); GUIDs derived from the index. */
  subscriptions?: number;
  location?: string;
  /** Defaults to a clock stopped at the current minute, so every run of a benchmark sees the same data. */
  clock?: SimClock;
}

export interface EstateScenario {
  world: SimulatedWorld;
  clock: SimClock;
  subscriptionIds: string[];
  /** Load balancers then NAT gateways. */
  targetIds: string[];
}

export function createEstateScenario(options: EstateScenarioOptions): EstateScenario {
  const { clock, world } = scenarioWorld(options.clock);
  const subscriptionIds = Array.from({ length: Math.max(1, options.subscriptions ?? 1) }, (_, i) => `e57a7e00-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);
  const at = (i: number) => ({ subscriptionId: subscriptionIds[i % subscriptionIds.length]!, resourceGroup: `rg-${Math.floor(i / 100)}`, location: options.location ?? 'eastus' });
  const balancers = Array.from({ length: options.loadBalancers }, (_, i) =>
    addLoadBalancer(world, { ...at(i), name: `lb-${i}`, nodes: options.nodesPerLoadBalancer, membership: 'nic', metrics: (node) => estateNode(i, node) }).id,
  );
  const gateways = Array.from({ length: options.natGateways ?? 0 }, (_, i) =>
    addNatGateway(world, { ...at(i), name: `nat-${i}`, metrics: ({ minute }) => ({ attempted: 1000 + (minute % 60), failed: i % 50 === 7 ? 3 : 0 }) }).id,
  );
  subscriptionIds.forEach((id) => world.addSubscription(id));
  return { world, clock, subscriptionIds, targetIds: [...balancers, ...gateways] };
}

/** Quiet at 5–30% of the allocation; every 20th node warm (~80%); every 100th exhausted and failing. */
function estateNode(lbIndex: number, node: NodeInfo): NodeMetrics {
  const n = lbIndex * 1_000 + node.index;
  const share = n % 100 === 42 ? 1 : n % 20 === 3 ? 0.8 : 0.05 + (n % 26) / 100;
  return ({ minute }) => ({
    used: Math.min(node.allocatedPorts, Math.round(node.allocatedPorts * share) + (minute % 5)),
    newConnections: 20 + (n % 40),
    failed: share === 1 ? 2 + (minute % 3) : 0,
  });
}

// Three outbound IPs with an explicit allocation: 40 nodes with 3,072 ports each (1,024 per IP),
// on a plain Standard load balancer. Use is uneven across the IPs (first-IP-first, metrics-spread.ts)
// except on node 2, whose flows are spread evenly:
// - node 0 holds 1,800: the first IP full, 776 (76 %) on the second — 59 % of the node;
// - node 1 holds 2,900: 94 % of the node, critical for real;
// - node 2 holds 300 on each IP;
// - the others hold 200–900, all on the first IP.
import type { OutboundIpsScenario, OutboundIpsScenarioOptions } from './scenario-two-outbound-ips.js';
import { addLoadBalancer } from './world-builders.js';
import type { NodeInfo, NodeMetrics, SimLoadBalancer } from './world-types.js';
import type { SimulatedWorld } from './world.js';
import { scenarioWorld } from './scenario-world.js';

export const THREE_IPS_NODES = 40;
export const THREE_IPS_PORTS = 3_072;
const SUBSCRIPTION = '7f3c2a10-2b1d-4c5e-8f90-0a1b2c3d4e03';

export function addThreeOutboundIpsLoadBalancer(world: SimulatedWorld, subscriptionId = SUBSCRIPTION): SimLoadBalancer {
  return addLoadBalancer(world, {
    subscriptionId,
    resourceGroup: 'rg-ingest',
    name: 'lb-ingest',
    nodes: THREE_IPS_NODES,
    outboundIps: 3,
    outboundRule: { allocatedOutboundPorts: THREE_IPS_PORTS, idleTimeoutInMinutes: 4 },
    membership: 'nic',
    metrics: threeIpsNode,
  });
}

export function createThreeOutboundIpsScenario(options: OutboundIpsScenarioOptions = {}): Omit<OutboundIpsScenario, 'aks'> {
  const { clock, world } = scenarioWorld(options.clock);
  const lb = addThreeOutboundIpsLoadBalancer(world, options.subscriptionId);
  world.addSubscription(options.subscriptionId ?? SUBSCRIPTION);
  return { world, clock, targetIds: [lb.id] };
}

function threeIpsNode(node: NodeInfo): NodeMetrics {
  if (node.index === 2) return () => ({ frontends: [{ used: 300 }, { used: 300 }, { used: 300 }], newConnections: 40 });
  const used = node.index === 0 ? 1_800 : node.index === 1 ? 2_900 : 200 + ((node.index * 53) % 701);
  return () => ({ used, newConnections: 40, failed: 0 });
}

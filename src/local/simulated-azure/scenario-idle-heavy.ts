// An idle-heavy workload: an AKS cluster of 20 nodes behind one outbound IP (1,024 ports per node)
// with the AKS idle timeout of 30 minutes. A client on a few nodes opens few connections (about 28 a
// minute) and leaves them open idle, so each port is held until the idle timeout ends it: by
// Little's law 28/min × 30 min ≈ 840 ports, above the warning level with no churn at all. Pooling is
// not the fix here; a shorter idle timeout is. One healthy node churns (many short connections on
// few ports): it is not at risk, so its verdict must not steer the target's fix.
import type { SimClock } from './clock.js';
import { addAksCluster, type AksCluster } from './world-builders.js';
import type { NodeInfo, NodeMetrics } from './world-types.js';
import type { SimulatedWorld } from './world.js';
import { scenarioWorld } from './scenario-world.js';

export interface IdleHeavyScenarioOptions {
  subscriptionId?: string;
  resourceGroup?: string;
  clusterName?: string;
  location?: string;
  /** Nodes the idle-heavy client runs on (default 2). */
  idleNodes?: number;
  /** A healthy node that churns short connections (default true). */
  chattyNode?: boolean;
  /** Defaults to a clock stopped at the current minute. */
  clock?: SimClock;
}

export interface IdleHeavyScenario {
  world: SimulatedWorld;
  clock: SimClock;
  aks: AksCluster;
  /** The `kubernetes` load balancer. */
  targetIds: string[];
  /** Nodes whose ports idle connections pin (above warning). */
  idleNodeIps: string[];
  /** The healthy node that churns short connections on few ports; null when left out. */
  chattyNodeIp: string | null;
}

const NODES = 20;
/** The AKS load balancer default (https://learn.microsoft.com/azure/aks/load-balancer-standard). */
const IDLE_TIMEOUT_MINUTES = 30;
/** New connections a minute on an idle-heavy node: 28 × 30 min ≈ 840 of 1,024 ports (82 %). */
const IDLE_RATE = 28;

export function createIdleHeavyScenario(options: IdleHeavyScenarioOptions = {}): IdleHeavyScenario {
  const { clock, world } = scenarioWorld(options.clock);
  const idle = Math.min(options.idleNodes ?? 2, NODES - 2);
  const chatty = options.chattyNode === false ? -1 : idle + 1;
  const aks = addAksCluster(world, {
    subscriptionId: options.subscriptionId ?? '1d1e0000-0000-4000-8000-0000000001d1',
    resourceGroup: options.resourceGroup ?? 'rg-crm',
    name: options.clusterName ?? 'aks-crm',
    location: options.location ?? 'northeurope',
    pools: [{ name: 'nodepool1', count: NODES, enableAutoScaling: true, minCount: 10, maxCount: 30, mode: 'System' }],
    idleTimeoutInMinutes: IDLE_TIMEOUT_MINUTES,
    metrics: (node) => (node.index < idle ? idleNode(node) : node.index === chatty ? chattyNode(node) : calmNode(node)),
  });
  const ips = aks.loadBalancer.nodes.map((node) => node.privateIp);
  return { world, clock, aks, targetIds: [aks.loadBalancer.id], idleNodeIps: ips.slice(0, idle), chattyNodeIp: ips[chatty] ?? null };
}

/** Each connection held until the idle timeout: used ≈ rate × 30 min, a little jitter minute to minute. */
function idleNode(node: NodeInfo): NodeMetrics {
  return ({ minute }) => {
    const rate = IDLE_RATE + ((minute + node.index) % 3) - 1;
    return { used: Math.min(node.allocatedPorts, IDLE_RATE * IDLE_TIMEOUT_MINUTES + ((minute * 7 + node.index) % 11)), newConnections: rate, failed: 0 };
  };
}

/** Many short connections on few ports: 600 a minute held about 20 s, 20 % of its ports. */
function chattyNode(node: NodeInfo): NodeMetrics {
  return ({ minute }) => ({ used: Math.round(node.allocatedPorts * 0.2) + (minute % 4), newConnections: 600, failed: 0 });
}

function calmNode(node: NodeInfo): NodeMetrics {
  return ({ minute }) => ({ used: 40 + ((minute + node.index) % 20), newConnections: 20 + ((minute * 3 + node.index) % 10), failed: 0 });
}

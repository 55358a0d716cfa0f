// The local demo's story: an AKS cluster of 48 nodes behind one outbound IP with default
// allocation (≤ 50 nodes → 1,024 ports per node). A workload that opens a new connection per
// request, without pooling, lands on a few nodes: their SNAT use climbs past the warning level,
// pins at the allocation with failed connections, then recovers once pooling is deployed.
//
// Time scale: `speed` simulated minutes pass per real minute (the world clock runs that much
// faster). The watch run must take its `now` from `scenario.clock` to see the story compressed.
import { floorToMinute, MINUTE_MS, scaledClock, type SimClock } from './clock.js';
import { addAksCluster, type AksCluster } from './world-builders.js';
import type { NodeInfo, NodeMetrics, SimPod } from './world-types.js';
import { SimulatedWorld } from './world.js';

export type ScenarioPhaseName = 'calm' | 'ramp' | 'exhausted' | 'recovery' | 'after';

export interface ScenarioPhase {
  name: ScenarioPhaseName;
  /** Minutes since the scenario's start (inclusive, exclusive). */
  startMinute: number;
  endMinute: number;
  description: string;
}

export interface ExhaustionScenarioOptions {
  /** A GUID, so it also passes as SNAT_DISCOVERY_SUBSCRIPTIONS. */
  subscriptionId?: string;
  resourceGroup?: string;
  clusterName?: string;
  location?: string;
  /** Minute 0 of the story; defaults to the current minute. */
  start?: Date;
  /** Simulated minutes per real minute (default 1: real time). */
  speed?: number;
  /** Replaces start/speed, e.g. a manual clock in tests. */
  clock?: SimClock;
  /** Nodes the unpooled workload lands on (default 3). */
  hotNodes?: number;
  /** Length of each phase in simulated minutes. */
  phaseMinutes?: Partial<Record<Exclude<ScenarioPhaseName, 'after'>, number>>;
}

export interface ExhaustionScenario {
  world: SimulatedWorld;
  clock: SimClock;
  aks: AksCluster;
  /** The `kubernetes` load balancer: the target to watch. */
  targetId: string;
  subscriptionId: string;
  /** Private IPs of the nodes that run out. */
  hotNodeIps: string[];
  phases: ScenarioPhase[];
  phaseAt(at: Date): ScenarioPhase;
}

const NODES = 48;
const PORTS = 1024; // default table, pool ≤ 50, one IP
const DEFAULT_PHASES = { calm: 10, ramp: 15, exhausted: 10, recovery: 10 };

export function createExhaustionScenario(options: ExhaustionScenarioOptions = {}): ExhaustionScenario {
  const start = new Date(floorToMinute((options.start ?? options.clock?.now() ?? new Date()).getTime()));
  const clock = options.clock ?? scaledClock(start, options.speed ?? 1);
  const world = new SimulatedWorld({ clock, origin: start });
  const phases = timeline({ ...DEFAULT_PHASES, ...options.phaseMinutes });
  const hot = Math.min(options.hotNodes ?? 3, NODES);
  const subscriptionId = options.subscriptionId ?? '5a7e0000-0000-4000-8000-00000000de50';
  const aks = addAksCluster(world, {
    subscriptionId,
    resourceGroup: options.resourceGroup ?? 'rg-shop',
    name: options.clusterName ?? 'aks-shop',
    location: options.location ?? 'westeurope',
    pools: [
      { name: 'system', count: 3, mode: 'System' },
      { name: 'apps', count: NODES - 3, enableAutoScaling: true, minCount: 20, maxCount: 60, maxSurge: '10%' },
    ],
    managedOutboundIps: 1,
    allocatedOutboundPorts: 0,
    // The workload's pods run on the first app nodes.
    metrics: (node) => (node.index >= 3 && node.index < 3 + hot ? hotNode(node, phases) : calmNode(node)),
    // ACNS is on: the unpooled client (shop/checkout-7f9c) runs on the hot nodes, and the alert names it.
    pods: (node) => (node.index >= 3 && node.index < 3 + hot ? HOT_NODE_PODS : CALM_NODE_PODS),
  });
  return {
    world,
    clock,
    aks,
    targetId: aks.loadBalancer.id,
    subscriptionId,
    hotNodeIps: aks.loadBalancer.nodes.slice(3, 3 + hot).map((node) => node.privateIp),
    phases,
    phaseAt: (at) => phaseOf(phases, Math.floor((at.getTime() - start.getTime()) / MINUTE_MS)),
  };
}

function timeline(minutes: Record<Exclude<ScenarioPhaseName, 'after'>, number>): ScenarioPhase[] {
  const descriptions: Record<ScenarioPhaseName, string> = {
    calm: 'normal traffic, every node far below its 1,024 ports',
    ramp: 'an unpooled client ramps up on a few nodes: use climbs past 75% (warning)',
    exhausted: 'those nodes pin at 1,024 ports and new connections fail (critical)',
    recovery: 'connection pooling deployed: use falls back, failures stop',
    after: 'calm again',
  };
  let at = 0;
  const phases = (['calm', 'ramp', 'exhausted', 'recovery'] as const).map((name) => {
    const phase = { name, startMinute: at, endMinute: at + minutes[name], description: descriptions[name] };
    at = phase.endMinute;
    return phase;
  });
  return [...phases, { name: 'after', startMinute: at, endMinute: Number.POSITIVE_INFINITY, description: descriptions.after }];
}

function phaseOf(phases: readonly ScenarioPhase[], minute: number): ScenarioPhase {
  return phases.find((phase) => minute >= phase.startMinute && minute < phase.endMinute) ?? phases[0]!;
}

/** The unpooled workload: one connection per request to the payment API. */
export const UNPOOLED_POD = { namespace: 'shop', name: 'checkout-7f9c' } as const;

const HOT_NODE_PODS: SimPod[] = [
  { ...UNPOOLED_POD, synPerMinute: 640, dnsQueries: { 'api.payments.example': 320 } },
  { namespace: 'shop', name: 'cart-5d8b', synPerMinute: 40, dnsQueries: { 'redis.shop.svc.cluster.local': 4 } },
  { namespace: 'kube-system', name: 'ip-masq-agent-x2x', synPerMinute: 15, hostNetwork: true },
];
const CALM_NODE_PODS: SimPod[] = [{ namespace: 'web', name: 'frontend-6c4d', synPerMinute: 30, dnsQueries: { 'cdn.example': 6 } }];

function calmNode(node: NodeInfo): NodeMetrics {
  return ({ minute }) => ({ used: 40 + Math.round(40 * noise(node.index, minute)), newConnections: 25 + Math.round(15 * noise(minute, node.index)), failed: 0 });
}

/** Used ports by phase: calm, a ramp to 92% of the allocation, pinned at it, then back down. */
function hotNode(node: NodeInfo, phases: readonly ScenarioPhase[]): NodeMetrics {
  const calm = calmNode(node);
  return (context) => {
    const phase = phaseOf(phases, context.minute);
    const progress = (context.minute - phase.startMinute + 1) / (phase.endMinute - phase.startMinute);
    const jitter = noise(node.index, context.minute);
    switch (phase.name) {
      case 'ramp':
        return { used: Math.round(80 + (0.92 * PORTS - 80) * progress - 10 * jitter), newConnections: 500 + Math.round(200 * jitter), failed: 0 };
      case 'exhausted':
        return { used: PORTS, newConnections: 650 + Math.round(150 * jitter), failed: 20 + Math.round(60 * jitter) };
      case 'recovery':
        return { used: Math.max(60, Math.round(PORTS * (1 - Math.min(1, progress * 2)))), newConnections: 30, failed: 0 };
      default:
        return calm(context);
    }
  };
}

/** Deterministic noise in [0, 1): the same node and minute always read the same. */
function noise(a: number, b: number): number {
  let h = Math.imul(a + 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return ((h ^ (h >>> 13)) >>> 0) / 4294967296;
}

// The fixes for the risks found, ranked cheapest effective first: pooling connections when the
// application opens one per request (the root cause), then setting ports per node (a free setting),
// then more IPs (paid per IP), then capping the pool of an application that already pools, then a
// NAT gateway (a new resource). A fix is only offered when, applied, it clears every risk it
// lists in `addresses` — the planner's tests replan each one to prove it.
import {
  defaultPortsPerInstance,
  hasDefaultAllocation,
  recommendedOutboundPorts,
  requiredFrontendIps,
  roundUpToBlock,
} from './allocation.js';
import {
  DEFAULT_IDLE_TIMEOUT_MINUTES,
  MAX_PORTS_PER_INSTANCE,
  NAT_CONNECTIONS_PER_IP_PER_DESTINATION,
  NAT_MAX_PUBLIC_IPS,
  PORT_BLOCK,
  type NatGatewaySku,
} from './limits.js';
import type { Recommendation, RecommendationCode, Risk, RiskCode, WorkloadRequest } from './plan-schema.js';
import { allocationFor, manualPortsVerdict } from './planner-allocation.js';
import type { PlanInput, ResolvedEgress } from './planner-input.js';
import { addFrontendIpsCommands, addNatIpsCommands, setOutboundPortsCommands, useNatGatewayCommands } from './az-commands.js';
import { poolConnections } from './planner-pooling.js';
import { formatCount as n, plural } from './planner-format.js';

type LoadBalancerEgress = Extract<ResolvedEgress, { type: 'loadBalancer' }>;

/** The load balancer risks that a valid manual allocation sized for max + surge clears. */
const allocationRisks: readonly RiskCode[] = [
  'INVALID_CONFIGURATION',
  'SCALE_EXCEEDS_CAPACITY',
  'SURGE_EXCEEDS_CAPACITY',
  'WORKLOAD_EXCEEDS_ALLOCATION',
  'TIER_CLIFF',
];

export type Change = Pick<Recommendation, 'code' | 'title' | 'rationale' | 'addresses' | 'commands'> & {
  egress: ResolvedEgress;
  workload: WorkloadRequest | null;
};

export function recommend(input: PlanInput, risks: readonly Risk[]): Recommendation[] {
  const present = (code: RiskCode) => risks.some((risk) => risk.code === code);
  const { egress } = input;
  const changes: Change[] = [];
  const pooling = poolConnections(input, risks);
  if (pooling) changes.push(pooling);
  if (egress.type === 'loadBalancer') {
    const addresses = allocationRisks.filter(present);
    if (addresses.length > 0) changes.push(...loadBalancerChanges(input, egress, addresses));
  } else if (present('DESTINATION_LIMIT')) {
    const more = addNatIps(input, egress.publicIps);
    if (more) changes.push(more);
  }
  return changes.sort((a, b) => rank(a, input) - rank(b, input)).map((change) => withNumbersAfter(input, change));
}

function rank(change: Change, input: PlanInput): number {
  const order: Record<RecommendationCode, number> = { POOL_CONNECTIONS: 3, SET_OUTBOUND_PORTS: 1, ADD_OUTBOUND_IPS: 2, USE_NAT_GATEWAY: 4 };
  return change.code === 'POOL_CONNECTIONS' && input.workload?.pooled === false ? 0 : order[change.code];
}

function withNumbersAfter(input: PlanInput, change: Change): Recommendation {
  const allocation = allocationFor({ egress: change.egress, nodes: input.nodes });
  return {
    code: change.code,
    title: change.title,
    rationale: change.rationale,
    addresses: change.addresses,
    after: {
      egress: change.egress,
      workload: change.workload,
      portsPerNode: allocation.portsPerNode,
      portsPerNodeWithSurge: allocation.atMax.portsPerNodeWithSurge,
      capacityPorts: allocation.capacityPorts,
    },
    commands: change.commands,
  };
}

function loadBalancerChanges(input: PlanInput, egress: LoadBalancerEgress, addresses: RiskCode[]): Change[] {
  const { peak } = input.nodes;
  const need = input.connectionsPerDestination ?? 0;
  const changes: Change[] = [];
  const fitting = recommendedOutboundPorts(egress.frontendIps, peak);
  const settable = fitting >= PORT_BLOCK && fitting !== egress.allocatedOutboundPorts;
  if (settable && fitting >= need) changes.push(setOutboundPorts(input, egress, fitting, addresses));
  const wanted = Math.max(portsToKeep(input, egress), roundUpToBlock(need), PORT_BLOCK);
  const ips = requiredFrontendIps(wanted, peak);
  if (wanted <= MAX_PORTS_PER_INSTANCE && ips > egress.frontendIps && ips <= input.maxFrontendIps) {
    changes.push(addOutboundIps(input, egress, ips, wanted, addresses));
  }
  const nat = useNatGateway(input, egress, addresses);
  if (nat) changes.push(nat);
  // When no change gives every node what the workload needs, still make the setup deployable at
  // max + surge (the ports that fit, on the fewest IPs that fit any), and let pooling (offered
  // beside it) bring the workload under them.
  const partial = addresses.filter((code) => code !== 'WORKLOAD_EXCEEDS_ALLOCATION');
  if (changes.length > 0 || partial.length === 0) return changes;
  if (settable) return [setOutboundPorts(input, egress, fitting, partial)];
  const fewest = requiredFrontendIps(PORT_BLOCK, peak);
  if (fewest > egress.frontendIps && fewest <= input.maxFrontendIps) {
    return [addOutboundIps(input, egress, fewest, recommendedOutboundPorts(fewest, peak), partial)];
  }
  return changes;
}

function addOutboundIps(input: PlanInput, egress: LoadBalancerEgress, ips: number, ports: number, addresses: RiskCode[]): Change {
  const { peak } = input.nodes;
  const need = input.connectionsPerDestination ?? 0;
  const short = ports < need ? ` That is fewer than the ${n(need)} connections per destination the workload opens: pool connections too.` : '';
  return {
    code: 'ADD_OUTBOUND_IPS',
    title: `Use ${plural(ips, 'outbound IP')} with ${n(ports)} ports per node`,
    rationale: `${plural(peak, 'node')} × ${n(ports)} ports = ${n(peak * ports)} ports, which needs ${plural(ips, 'frontend IP')} of 64,000 ports each (${n(ips * 64_000)}). Each extra IP is billed.${short}`,
    addresses,
    commands: addFrontendIpsCommands(input.target, egress.frontendIps, ips, ports),
    egress: { ...egress, frontendIps: ips, allocatedOutboundPorts: ports },
    workload: input.workload,
  };
}

function setOutboundPorts(input: PlanInput, egress: LoadBalancerEgress, ports: number, addresses: RiskCode[]): Change {
  const { peak, max, surge } = input.nodes;
  const need = input.connectionsPerDestination ?? 0;
  const short = ports < need ? ` That is fewer than the ${n(need)} connections per destination the workload opens: pool connections too.` : '';
  return {
    code: 'SET_OUTBOUND_PORTS',
    title: `Set ${n(ports)} outbound ports per node`,
    rationale: `${plural(egress.frontendIps, 'frontend IP')} × 64,000 ports shared by ${plural(peak, 'node')} (max ${n(max)} + ${n(surge)} surge) is ${n(ports)} per node, rounded down to a multiple of 8: the largest explicit allocation that scale-out and upgrades at the maximum still fit, and one that no longer changes as the pool grows.${short}`,
    addresses,
    commands: setOutboundPortsCommands(input.target, ports),
    egress: { ...egress, allocatedOutboundPorts: ports },
    workload: input.workload,
  };
}

/** The per-node ports nodes have today (a valid manual value, or the default row now), else 0. */
function portsToKeep(input: PlanInput, egress: LoadBalancerEgress): number {
  const ports = egress.allocatedOutboundPorts;
  if (ports > 0) return manualPortsVerdict(ports) === 'valid' ? ports : 0;
  const { current } = input.nodes;
  return hasDefaultAllocation(current) ? defaultPortsPerInstance(current, egress.frontendIps) : 0;
}

/** A NAT gateway shares 64,512 ports per IP on demand, with no per-node preallocation to outgrow. */
function useNatGateway(input: PlanInput, egress: LoadBalancerEgress, addresses: RiskCode[]): Change | null {
  const need = input.connectionsPerDestination;
  const { peak } = input.nodes;
  const forDestination = need === null ? 1 : Math.ceil((need * peak) / NAT_CONNECTIONS_PER_IP_PER_DESTINATION);
  const ips = Math.max(1, forDestination, Math.min(egress.frontendIps, NAT_MAX_PUBLIC_IPS));
  if (ips > NAT_MAX_PUBLIC_IPS) return null;
  // AKS-managed: StandardV2 (zone-redundant, same price; AKS's default for new clusters where the
  // region has it). A NAT gateway created by hand stays Standard, the SKU whose commands we verified.
  const sku: NatGatewaySku = input.target.kind === 'aks' ? 'StandardV2' : 'Standard';
  const sizing = need === null
    ? `${plural(ips, 'public IP')} (as many as the load balancer has, up to 16)`
    : `${plural(ips, 'public IP')}, enough for ${n(peak)} nodes × ${n(need)} connections to one destination at 50,000 per IP`;
  return {
    code: 'USE_NAT_GATEWAY',
    title: `Move egress to a ${sku} NAT gateway with ${plural(ips, 'public IP')}`,
    rationale: `A NAT gateway gives ${n(ips * 64_512)} SNAT ports (64,512 per IP) shared on demand by every node, so no node runs out while others idle and growing the pool takes nothing away. Sized at ${sizing}. It is a new resource, billed per hour and per GB.`,
    addresses,
    commands: useNatGatewayCommands(input.target, ips, DEFAULT_IDLE_TIMEOUT_MINUTES, sku),
    egress: { type: 'natGateway', sku, publicIps: ips, idleTimeoutMinutes: DEFAULT_IDLE_TIMEOUT_MINUTES },
    workload: input.workload,
  };
}

function addNatIps(input: PlanInput, publicIps: number): Change | null {
  const need = input.connectionsPerDestination ?? 0;
  const { peak } = input.nodes;
  const ips = Math.ceil((need * peak) / NAT_CONNECTIONS_PER_IP_PER_DESTINATION);
  if (ips <= publicIps || ips > NAT_MAX_PUBLIC_IPS) return null;
  return {
    code: 'ADD_OUTBOUND_IPS',
    title: `Give the NAT gateway ${plural(ips, 'public IP')}`,
    rationale: `${plural(peak, 'node')} × ${n(need)} connections to one destination = ${n(need * peak)}; at 50,000 per public IP to the same destination that needs ${plural(ips, 'IP')} (NAT gateway holds at most 16). Each extra IP is billed.`,
    addresses: ['DESTINATION_LIMIT'],
    commands: addNatIpsCommands(input.target, publicIps, ips, (input.egress as Extract<ResolvedEgress, { type: 'natGateway' }>).sku),
    egress: { ...(input.egress as Extract<ResolvedEgress, { type: 'natGateway' }>), publicIps: ips },
    workload: input.workload,
  };
}

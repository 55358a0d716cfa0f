// The fixes for the risks found, ranked cheapest effective first: pooling connections when the
// application opens one per request (the root cause), then setting ports per node (a free setting),
// then more IPs (paid per IP), then capping the pool of an application that already pools, then a
// NAT gateway (a new resource). A fix that cuts the ports nodes have today ranks below every fix
// that keeps them, and says so; a partial fix (none covers the need) comes last and says what it
// achieves. A fix is only offered when, applied, it clears every risk it lists in `addresses` — the
// planner's tests replan each one to prove it. Each builder is its own function (most in their own
// file), registered here with one line.
import {
  defaultPortsPerInstance,
  hasDefaultAllocation,
  recommendedOutboundPorts,
  requiredFrontendIps,
  roundUpToBlock,
} from './allocation.js';
import { addNatIpsCommands, setOutboundPortsCommands } from './az-commands.js';
import {
  LB_PORTS_PER_FRONTEND_IP,
  MAX_PORTS_PER_INSTANCE,
  MIN_WORKING_PORTS_PER_NODE,
  NAT_CONNECTIONS_PER_IP_PER_DESTINATION,
  NAT_MAX_PUBLIC_IPS,
} from './limits.js';
import type { Recommendation, RecommendationCode, Risk, RiskCode } from './plan-schema.js';
import { allocationFor, manualPortsVerdict } from './planner-allocation.js';
import type { Change } from './planner-change.js';
import { lowerIdleTimeout } from './planner-idle-timeout.js';
import { formatCount as n, plural } from './planner-format.js';
import type { PlanInput, ResolvedEgress } from './planner-input.js';
import { useNatGateway } from './planner-nat-gateway.js';
import { addOutboundIps } from './planner-outbound-ips.js';
import { poolConnections } from './planner-pooling.js';

type LoadBalancerEgress = Extract<ResolvedEgress, { type: 'loadBalancer' }>;

/** The load balancer risks that a valid manual allocation sized for max + surge clears. */
const allocationRisks: readonly RiskCode[] = [
  'INVALID_CONFIGURATION',
  'SCALE_EXCEEDS_CAPACITY',
  'SURGE_EXCEEDS_CAPACITY',
  'WORKLOAD_EXCEEDS_ALLOCATION',
  'TIER_CLIFF',
];

export function recommend(input: PlanInput, risks: readonly Risk[]): Recommendation[] {
  const present = (code: RiskCode) => risks.some((risk) => risk.code === code);
  const { egress } = input;
  const changes: Change[] = [];
  const pooling = poolConnections(input, risks);
  if (pooling) changes.push(pooling);
  const idleTimeout = lowerIdleTimeout(input, risks);
  if (idleTimeout) changes.push(idleTimeout);
  if (egress.type === 'loadBalancer') {
    const addresses = allocationRisks.filter(present);
    if (addresses.length > 0) changes.push(...loadBalancerChanges(input, egress, addresses));
  } else if (present('DESTINATION_LIMIT')) {
    const more = addNatIps(input, egress.publicIps);
    if (more) changes.push(more);
  }
  const recommendations = changes.map((change) => withNumbersAfter(input, change));
  return recommendations.map((recommendation, index) => ({ recommendation, index }))
    .sort((a, b) => rank(a.recommendation, input) - rank(b.recommendation, input) || a.index - b.index)
    .map(({ recommendation }) => recommendation);
}

/** Order of kind, then: cutting today's ports ranks below keeping them, partial below both. */
function rank(recommendation: Recommendation, input: PlanInput): number {
  const order: Record<RecommendationCode, number> = { POOL_CONNECTIONS: 3, SET_OUTBOUND_PORTS: 1, ADD_OUTBOUND_IPS: 2, USE_NAT_GATEWAY: 4, LOWER_IDLE_TIMEOUT: 0.5 };
  const kind = recommendation.code === 'POOL_CONNECTIONS' && input.workload?.pooled === false ? 0 : order[recommendation.code];
  return kind + (recommendation.cutsPortsPerNode ? 10 : 0) + (recommendation.coverage === 'partial' ? 20 : 0);
}

function withNumbersAfter(input: PlanInput, change: Change): Recommendation {
  const allocation = allocationFor({ egress: change.egress, nodes: input.nodes });
  const today = allocationFor(input).portsPerNode;
  const cuts = today !== null && allocation.portsPerNode !== null && allocation.portsPerNode < today;
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
    changesEgressIps: change.changesEgressIps ?? false,
    cutsPortsPerNode: cuts ? { from: today, to: allocation.portsPerNode! } : null,
    coverage: change.coverage ?? 'full',
  };
}

function loadBalancerChanges(input: PlanInput, egress: LoadBalancerEgress, addresses: RiskCode[]): Change[] {
  const { peak } = input.nodes;
  const need = input.connectionsPerDestination ?? 0;
  const today = portsToKeep(input, egress);
  const changes: Change[] = [];
  const fitting = recommendedOutboundPorts(egress.frontendIps, peak);
  // Fewer ports than Azure ever preallocates is no fix (past 1,000 nodes: more IPs or a NAT gateway).
  const settable = fitting >= MIN_WORKING_PORTS_PER_NODE && fitting !== egress.allocatedOutboundPorts;
  if (settable && fitting >= need) changes.push(setOutboundPorts(input, egress, fitting, addresses, today));
  const wanted = Math.max(today, roundUpToBlock(need), MIN_WORKING_PORTS_PER_NODE);
  const ips = requiredFrontendIps(wanted, peak);
  if (wanted <= MAX_PORTS_PER_INSTANCE && ips > egress.frontendIps && ips <= input.maxFrontendIps) {
    const more = addOutboundIps(input, egress, ips, wanted, addresses);
    if (more) changes.push(more);
  }
  const nat = useNatGateway(input, egress, addresses, today);
  if (nat) changes.push(nat);
  const covered = changes.some((change) => (change.coverage ?? 'full') === 'full');
  return covered ? changes : [...changes, ...partialChanges(input, egress, addresses, today, settable ? fitting : 0)];
}

/**
 * When no change gives every node what the workload needs: the most ports per node the IPs can
 * reach (when above today's), else the ports that make max + surge deployable; each says what it
 * achieves, and pooling (offered beside it) brings the workload under it.
 */
function partialChanges(input: PlanInput, egress: LoadBalancerEgress, addresses: RiskCode[], today: number, fitting: number): Change[] {
  const { peak } = input.nodes;
  const partial = addresses.filter((code) => code !== 'WORKLOAD_EXCEEDS_ALLOCATION');
  const most = Math.min(MAX_PORTS_PER_INSTANCE, recommendedOutboundPorts(input.maxFrontendIps, peak));
  if (most > Math.max(today, fitting) && most >= MIN_WORKING_PORTS_PER_NODE) {
    const ips = Math.max(egress.frontendIps, requiredFrontendIps(most, peak));
    const more = ips > egress.frontendIps ? addOutboundIps(input, egress, ips, most, partial) : null;
    if (more) return [{ ...more, coverage: 'partial' }];
  }
  if (partial.length === 0) return [];
  if (fitting > 0) return [{ ...setOutboundPorts(input, egress, fitting, partial, today), coverage: 'partial' }];
  const fewest = requiredFrontendIps(MIN_WORKING_PORTS_PER_NODE, peak);
  if (fewest > egress.frontendIps && fewest <= input.maxFrontendIps) {
    const more = addOutboundIps(input, egress, fewest, recommendedOutboundPorts(fewest, peak), partial);
    if (more) return [{ ...more, coverage: 'partial' }];
  }
  return [];
}

function setOutboundPorts(input: PlanInput, egress: LoadBalancerEgress, ports: number, addresses: RiskCode[], today: number): Change {
  const { peak, max, surge } = input.nodes;
  const need = input.connectionsPerDestination ?? 0;
  const short = ports < need ? ` Partial: that is fewer than the ${n(need)} connections per destination the workload opens: pool connections too.` : '';
  const cut = ports < today
    ? ` It cuts every node from today's ${n(today)} ports to ${n(ports)}: nodes busy today run out sooner. Prefer a fix that keeps today's ports.`
    : '';
  return {
    code: 'SET_OUTBOUND_PORTS',
    title: ports < today ? `Set ${n(ports)} outbound ports per node (cuts today's ${n(today)})` : `Set ${n(ports)} outbound ports per node`,
    rationale: `${plural(egress.frontendIps, 'frontend IP')} × 64,000 ports shared by ${plural(peak, 'node')} (max ${n(max)} + ${n(surge)} surge) is ${n(ports)} per node, rounded down to a multiple of 8: the largest explicit allocation that scale-out and upgrades at the maximum still fit, and one that no longer changes as the pool grows.${cut}${short}`,
    addresses,
    commands: setOutboundPortsCommands(input.target, ports),
    egress: { ...egress, allocatedOutboundPorts: ports },
    workload: input.workload,
    coverage: ports < need ? 'partial' : 'full',
  };
}

/** The per-node ports nodes have today (a valid manual value, or the default row now), else 0. */
function portsToKeep(input: PlanInput, egress: LoadBalancerEgress): number {
  const ports = egress.allocatedOutboundPorts;
  if (ports > 0) return manualPortsVerdict(ports) === 'valid' && ports * input.nodes.current <= egress.frontendIps * LB_PORTS_PER_FRONTEND_IP ? ports : 0;
  const { current } = input.nodes;
  return hasDefaultAllocation(current) ? defaultPortsPerInstance(current, egress.frontendIps) : 0;
}

function addNatIps(input: PlanInput, publicIps: number): Change | null {
  const need = input.connectionsPerDestination ?? 0;
  const { peak } = input.nodes;
  const ips = Math.ceil((need * peak) / NAT_CONNECTIONS_PER_IP_PER_DESTINATION);
  if (ips <= publicIps || ips > NAT_MAX_PUBLIC_IPS) return null;
  const managed = input.target.kind === 'aks';
  return {
    code: 'ADD_OUTBOUND_IPS',
    title: `Give the NAT gateway ${plural(ips, 'public IP')}`,
    rationale: `${plural(peak, 'node')} × ${n(need)} connections to one destination = ${n(need * peak)}; at 50,000 per public IP to the same destination that needs ${plural(ips, 'IP')} (NAT gateway holds at most 16). Each extra IP is billed.${managed ? ' AKS creates the new managed IPs and picks their addresses: third parties that allow-list the egress IPs need them.' : ''}`,
    addresses: ['DESTINATION_LIMIT'],
    commands: addNatIpsCommands(input.target, publicIps, ips, (input.egress as Extract<ResolvedEgress, { type: 'natGateway' }>).sku),
    egress: { ...(input.egress as Extract<ResolvedEgress, { type: 'natGateway' }>), publicIps: ips },
    workload: input.workload,
    changesEgressIps: managed,
  };
}

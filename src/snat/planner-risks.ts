// The risks a described setup runs into, each with the numbers behind it. A configuration Azure
// would refuse is one risk (INVALID_CONFIGURATION, with Azure's error code); capacity risks are
// only assessed for configurations that can exist.
import { defaultPortsPerInstance, hasDefaultAllocation, loadBalancerCapacity } from './allocation.js';
import {
  DEFAULT_ALLOCATION_MAX_POOL_SIZE,
  DEFAULT_ALLOCATION_TABLE,
  LB_PORTS_PER_FRONTEND_IP,
  MAX_PORTS_PER_INSTANCE,
  NAT_SKU_LIMITS,
} from './limits.js';
import { riskCodes, type Risk } from './plan-schema.js';
import { loadBalancerPortsAt, manualPortsVerdict } from './planner-allocation.js';
import { formatCount as n, plural } from './planner-format.js';
import type { PlanInput, ResolvedEgress } from './planner-input.js';
import { idleConnectionRisks } from './planner-idle-risk.js';
import { findTierCliffs } from './planner-tier-cliffs.js';

type LoadBalancerEgress = Extract<ResolvedEgress, { type: 'loadBalancer' }>;

/** Azure's error codes for a rejected outbound-ports setting (DOMAIN.md §3). */
export const azureErrorCodes = {
  notMultipleOfEight: 'SpecifiedAllocatedOutboundPortsForOutboundRuleIsNotAMultipleOfEight',
  aboveAllowedPerRule: 'SpecifiedAllocatedOutboundPortsForOutboundRuleExceedsTotalNumberOfAllowedPortsPerRule',
  aboveAvailable: 'SpecifiedAllocatedOutboundPortsForOutboundRuleExceedsTotalNumberOfAvailablePorts',
  aksAllocatedOutboundPorts: 'InvalidLoadBalancerProfileAllocatedOutboundPorts',
} as const;

export function findRisks(input: PlanInput): Risk[] {
  const { egress } = input;
  const risks = egress.type === 'natGateway' ? destinationRisks(input, egress.publicIps, NAT_SKU_LIMITS[egress.sku].connectionsPerIpPerDestination) : loadBalancerRisks(input, egress);
  risks.push(...idleConnectionRisks(input));
  if (input.workload?.pooled === false) {
    risks.push({
      code: 'CONNECTIONS_NOT_POOLED',
      severity: 'warning',
      message:
        'Connections are not pooled: every request opens a new flow, and each holds a SNAT port until it closes and the port is released (or the idle timeout ends it).' +
        (input.portHold ? ` ${input.portHold.text}, not the ${n(input.workload.peakConnectionsPerNode ?? 0)} its concurrent connections suggest.` : ''),
    });
  }
  return risks.sort(byImportance);
}

function loadBalancerRisks(input: PlanInput, egress: LoadBalancerEgress): Risk[] {
  const invalid = invalidConfiguration(input, egress);
  if (invalid.length > 0) return invalid;
  return [...scaleRisks(input, egress), ...findTierCliffs(input, egress), ...workloadRisks(input, egress)];
}

function invalidConfiguration(input: PlanInput, egress: LoadBalancerEgress): Risk[] {
  const { allocatedOutboundPorts: ports, frontendIps } = egress;
  const { current } = input.nodes;
  const field = 'egress.allocatedOutboundPorts';
  const risks: Risk[] = [];
  const invalid = (message: string, azureErrorCode: string | null, at = field): void => {
    risks.push({ code: 'INVALID_CONFIGURATION', severity: 'critical', message, field: at, azureErrorCode });
  };
  if (ports === 0) {
    if (!hasDefaultAllocation(current)) {
      invalid(
        `The default allocation table stops at ${n(DEFAULT_ALLOCATION_MAX_POOL_SIZE)} instances: ${plural(current, 'node')} need allocatedOutboundPorts set explicitly.`,
        null,
        'nodes.current',
      );
    }
    return risks;
  }
  const verdict = manualPortsVerdict(ports);
  if (verdict === 'not-multiple-of-eight') {
    invalid(`${n(ports)} is not a multiple of 8: Azure allocates outbound ports in blocks of 8.`, azureErrorCodes.notMultipleOfEight);
  }
  if (ports > MAX_PORTS_PER_INSTANCE) {
    invalid(`${n(ports)} ports per instance is above Azure's maximum of ${n(MAX_PORTS_PER_INSTANCE)}.`, azureErrorCodes.aboveAllowedPerRule);
  }
  const required = ports * current;
  const capacity = loadBalancerCapacity(frontendIps);
  if (required > capacity) {
    invalid(
      `Total node count ${n(current)} requires ${n(required)} ports but only ${n(capacity)} ports are available given ${plural(frontendIps, 'outbound public IP')} (${n(LB_PORTS_PER_FRONTEND_IP)} each).`,
      input.target.kind === 'aks' ? azureErrorCodes.aksAllocatedOutboundPorts : azureErrorCodes.aboveAvailable,
    );
  }
  return risks;
}

function scaleRisks(input: PlanInput, egress: LoadBalancerEgress): Risk[] {
  const { max, surge, peak } = input.nodes;
  const ports = egress.allocatedOutboundPorts;
  const capacity = loadBalancerCapacity(egress.frontendIps);
  const azureErrorCode = ports === 0 ? null : input.target.kind === 'aks' ? azureErrorCodes.aksAllocatedOutboundPorts : azureErrorCodes.aboveAvailable;
  const fits = (count: number) => (ports === 0 ? hasDefaultAllocation(count) : ports * count <= capacity);
  const maxNodesThatFit = ports === 0 ? DEFAULT_ALLOCATION_MAX_POOL_SIZE : Math.floor(capacity / ports);
  const shortfall = (count: number) =>
    ports === 0
      ? `the default allocation table stops at ${n(DEFAULT_ALLOCATION_MAX_POOL_SIZE)} instances`
      : `${n(count)} × ${n(ports)} ports = ${n(ports * count)}, above the ${n(capacity)} that ${plural(egress.frontendIps, 'frontend IP')} provide`;
  const numbers = (count: number) => ({ requiredPorts: ports === 0 ? null : ports * count, capacityPorts: capacity, maxNodesThatFit, azureErrorCode });
  if (!fits(max)) {
    return [{
      code: 'SCALE_EXCEEDS_CAPACITY',
      severity: 'critical',
      message: `Scaling out to ${plural(max, 'node')} will be rejected: ${shortfall(max)}. At most ${plural(maxNodesThatFit, 'node')} fit.`,
      nodes: max,
      ...numbers(max),
    }];
  }
  if (!fits(peak)) {
    return [{
      code: 'SURGE_EXCEEDS_CAPACITY',
      severity: 'warning',
      message: `An upgrade at ${plural(max, 'node')} adds ${plural(surge, 'surge node')} and will be rejected: ${shortfall(peak)}. At most ${plural(maxNodesThatFit, 'node')} fit.`,
      nodes: peak,
      surgeNodes: surge,
      ...numbers(peak),
    }];
  }
  return [];
}

/** Peak connections to one destination above what a node has, now or as the pool grows. */
function workloadRisks(input: PlanInput, egress: LoadBalancerEgress): Risk[] {
  const need = input.connectionsPerDestination;
  if (need === null) return [];
  const exceeded = (severity: 'critical' | 'warning', atNodes: number, portsPerNode: number): Risk[] => [{
    code: 'WORKLOAD_EXCEEDS_ALLOCATION',
    severity,
    message: `At ${plural(atNodes, 'node')} each node has ${n(portsPerNode)} ports but needs up to ${n(need)} to one destination${holdText(input)}: new connections fail once its ports run out.`,
    connectionsPerDestinationPerNode: need,
    portsPerNode,
    atNodes,
  }];
  const { current, peak } = input.nodes;
  const now = loadBalancerPortsAt(egress, current) ?? 0;
  if (need > now) return exceeded('critical', current, now);
  if (egress.allocatedOutboundPorts > 0) return [];
  const upper = Math.min(peak, DEFAULT_ALLOCATION_MAX_POOL_SIZE);
  for (const row of DEFAULT_ALLOCATION_TABLE) {
    const next = row.maxPoolSize + 1;
    if (row.maxPoolSize < current || next > upper) continue;
    const ports = defaultPortsPerInstance(next, egress.frontendIps);
    if (need > ports) return exceeded('warning', next, ports);
  }
  return [];
}

/** Why the need is what it is, when Little's law (not the concurrent connections) sets it. */
function holdText(input: PlanInput): string {
  const hold = input.portHold;
  return hold && hold.ports === input.connectionsPerDestination ? ` (${hold.text})` : '';
}

/** NAT gateway: the SKU's concurrent connections per public IP to the same destination endpoint (50,000 on both). */
function destinationRisks(input: PlanInput, publicIps: number, perIp: number): Risk[] {
  const need = input.connectionsPerDestination;
  if (need === null || need === 0) return [];
  const limit = publicIps * perIp;
  const { current, peak } = input.nodes;
  if (need * peak <= limit) return [];
  const atNodes = need * current > limit ? current : Math.floor(limit / need) + 1;
  return [{
    code: 'DESTINATION_LIMIT',
    severity: atNodes === current ? 'critical' : 'warning',
    message: `At ${plural(atNodes, 'node')} × ${n(need)} ports${holdText(input)} the NAT gateway holds ${n(need * atNodes)} concurrent connections to one destination, above its ${n(limit)} (${n(perIp)} per public IP to the same destination endpoint).`,
    connectionsPerDestination: need * atNodes,
    limit,
    atNodes,
  }];
}

const severityRank = { critical: 0, warning: 1, info: 2 } as const;

function byImportance(a: Risk, b: Risk): number {
  return (
    severityRank[a.severity] - severityRank[b.severity] ||
    riskCodes.indexOf(a.code) - riskCodes.indexOf(b.code) ||
    ('atNodes' in a && 'atNodes' in b ? a.atNodes - b.atNodes : 0)
  );
}

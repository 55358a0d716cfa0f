// What each node gets, now, at the autoscaler maximum and during an upgrade at that maximum —
// or null where Azure defines no allocation (a NAT gateway shares its pool on demand; a manual
// rule Azure would reject; a default-table pool past 1,000 instances).
import {
  defaultPortsPerInstance,
  hasDefaultAllocation,
  loadBalancerCapacity,
  natGatewayCapacity,
} from './allocation.js';
import { MAX_PORTS_PER_INSTANCE, NAT_SKU_LIMITS, PORT_BLOCK } from './limits.js';
import type { Allocation } from './plan-schema.js';
import type { PlanInput, ResolvedEgress } from './planner-input.js';

type LoadBalancerEgress = Extract<ResolvedEgress, { type: 'loadBalancer' }>;

/** Why a manual `allocatedOutboundPorts` value cannot be deployed, or `valid`. */
export type ManualPortsVerdict = 'valid' | 'not-multiple-of-eight' | 'above-per-instance-limit';

export function manualPortsVerdict(ports: number): ManualPortsVerdict {
  if (ports % PORT_BLOCK !== 0) return 'not-multiple-of-eight';
  if (ports > MAX_PORTS_PER_INSTANCE) return 'above-per-instance-limit';
  return 'valid';
}

export function capacityOf(egress: ResolvedEgress): number {
  return egress.type === 'natGateway' ? natGatewayCapacity(egress.publicIps) : loadBalancerCapacity(egress.frontendIps);
}

/** Ports per node with `nodes` instances in the pool, or null where Azure gives none (see above). */
export function loadBalancerPortsAt(egress: LoadBalancerEgress, nodes: number): number | null {
  const ports = egress.allocatedOutboundPorts;
  if (ports === 0) return hasDefaultAllocation(nodes) ? defaultPortsPerInstance(nodes, egress.frontendIps) : null;
  if (manualPortsVerdict(ports) !== 'valid') return null;
  return ports * nodes <= loadBalancerCapacity(egress.frontendIps) ? ports : null;
}

export function allocationFor(input: Pick<PlanInput, 'egress' | 'nodes'>): Allocation {
  const { egress, nodes } = input;
  if (egress.type === 'natGateway') {
    const limits = NAT_SKU_LIMITS[egress.sku];
    return {
      mode: 'natGateway',
      natGateway: {
        sku: egress.sku,
        connectionsPerIpPerDestination: limits.connectionsPerIpPerDestination,
        totalConnections: limits.totalConnections,
        maxIpv4Addresses: limits.ipv4Addresses,
        maxIpv6Addresses: limits.ipv6Addresses,
      },
      frontendIps: egress.publicIps,
      portsPerNode: null,
      capacityPorts: capacityOf(egress),
      nodes: nodes.current,
      atMax: { nodes: nodes.max, portsPerNode: null, surgeNodes: nodes.surge, nodesWithSurge: nodes.peak, portsPerNodeWithSurge: null },
    };
  }
  return {
    mode: egress.allocatedOutboundPorts === 0 ? 'default' : 'manual',
    natGateway: null,
    frontendIps: egress.frontendIps,
    portsPerNode: loadBalancerPortsAt(egress, nodes.current),
    capacityPorts: capacityOf(egress),
    nodes: nodes.current,
    atMax: {
      nodes: nodes.max,
      portsPerNode: loadBalancerPortsAt(egress, nodes.max),
      surgeNodes: nodes.surge,
      nodesWithSurge: nodes.peak,
      portsPerNodeWithSurge: loadBalancerPortsAt(egress, nodes.peak),
    },
  };
}

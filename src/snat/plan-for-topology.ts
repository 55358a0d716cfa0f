// Plans a live target: maps what ARM says about a load balancer or NAT gateway (and its AKS
// cluster, when there is one) onto a planning request, so the watch pipeline, the live view and
// the digest show the same plan — with commands naming the real resources — as the endpoint.
import type { TargetTopology } from './model.js';
import type { Plan, PlanRequestInput, PlanTarget } from './plan-schema.js';
import { planEgress } from './planner.js';

/** What the watch saw on the target, per node: peaks over the window, and whether flows churn. */
export interface ObservedWorkload {
  peakUsedPerNode?: number;
  peakNewConnectionsPerNode?: number;
  notPooling?: boolean;
}

/**
 * AKS targets use the cluster's autoscaler max and surge; other load balancers and NAT gateways
 * plan at their current size with `defaultSurge` ('10%' or a node count) only for AKS when the
 * surge could not be read. Peak used ports stand in for connections to the busiest destination.
 */
export function planForTopology(topology: TargetTopology, observed: ObservedWorkload = {}, defaultSurge = '10%'): Plan {
  return planEgress(requestForTopology(topology, observed, defaultSurge));
}

export function requestForTopology(topology: TargetTopology, observed: ObservedWorkload = {}, defaultSurge = '10%'): PlanRequestInput {
  const workload = workloadFrom(observed);
  if (topology.kind === 'natGateway') {
    return {
      egress: { type: 'natGateway', sku: topology.sku, publicIps: Math.max(1, topology.publicIps), idleTimeoutMinutes: topology.idleTimeoutMinutes },
      nodes: { current: 0, surge: 0 },
      ...workload,
      target: { kind: 'natGateway', resourceGroup: topology.resourceGroup, natGatewayName: topology.name },
    };
  }
  const { aks, outboundRule } = topology;
  const current = topology.backendPoolSize;
  const target: PlanTarget = aks
    ? { kind: 'aks', resourceGroup: aks.resourceGroup, clusterName: aks.clusterName }
    : { kind: 'loadBalancer', resourceGroup: topology.resourceGroup, loadBalancerName: topology.name, outboundRuleName: outboundRule?.name ?? 'outbound' };
  return {
    egress: {
      type: 'loadBalancer',
      frontendIps: Math.max(1, topology.frontendIps),
      allocatedOutboundPorts: aks ? aks.allocatedOutboundPorts : outboundRule?.allocatedOutboundPorts ?? 0,
      ...(outboundRule ? { idleTimeoutMinutes: outboundRule.idleTimeoutMinutes } : {}),
    },
    nodes: {
      current,
      max: Math.max(current, aks?.maxNodes ?? current),
      surge: aks ? (aks.surgeNodes > 0 ? aks.surgeNodes : defaultSurge) : 0,
    },
    ...workload,
    target,
  };
}

function workloadFrom(observed: ObservedWorkload): Pick<PlanRequestInput, 'workload'> {
  const { peakUsedPerNode, notPooling } = observed;
  if (peakUsedPerNode === undefined && notPooling === undefined) return {};
  return {
    workload: {
      ...(peakUsedPerNode === undefined ? {} : { peakConnectionsPerNode: Math.ceil(peakUsedPerNode), sameDestinationShare: 1 }),
      ...(notPooling === undefined ? {} : { pooled: !notPooling }),
    },
  };
}

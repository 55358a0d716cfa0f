// Plans a live target: maps what ARM says about a load balancer or NAT gateway (and its AKS
// cluster, when there is one) onto a planning request, so the watch pipeline, the live view and
// the digest show the same plan — with commands naming the real resources — as the endpoint.
import { isAksNodeResourceGroup, uniqueClusterName } from './aks-node-resource-group.js';
import type { AksContext, LoadBalancerTopology, NatGatewayTopology, TargetTopology } from './model.js';
import type { OutboundIpsRequest, Plan, PlanRequestInput, PlanTarget } from './plan-schema.js';
import { plural } from './planner-format.js';
import { planEgress } from './planner.js';

/** What the watch saw on the target, per node: peaks over the window, and the pooling diagnosis of the nodes at risk. */
export interface ObservedWorkload {
  peakUsedPerNode?: number;
  peakNewConnectionsPerNode?: number;
  notPooling?: boolean;
  /** A node at risk whose ports idle connections pin: its rate and the idle timeout that ends them. */
  idleConnections?: { newConnectionsPerMinute: number; peakUsed: number; idleTimeoutMinutes: number };
}

/**
 * AKS targets use the cluster's autoscaler max and surge (per pool, on its max), its kind of
 * outbound IPs with their IDs and its custom-VNet subnets; other load balancers and NAT gateways
 * plan at their current size, with `defaultSurge` ('10%' or a node count) only for AKS when the
 * surge could not be read. Peak used ports stand in for connections to the busiest destination.
 * When the cluster could not be read, the plan lists what it assumed instead.
 */
export function planForTopology(topology: TargetTopology, observed: ObservedWorkload = {}, defaultSurge = '10%'): Plan {
  const plan = planEgress(requestForTopology(topology, observed, defaultSurge));
  const assumptions = topology.kind === 'loadBalancer' && topology.aks?.source === 'load-balancer' ? assumedFacts(topology.aks, defaultSurge) : [];
  return assumptions.length > 0 ? { ...plan, assumptions } : plan;
}

export function requestForTopology(topology: TargetTopology, observed: ObservedWorkload = {}, defaultSurge = '10%'): PlanRequestInput {
  const workload = workloadFrom(observed);
  if (topology.kind === 'natGateway') {
    return {
      egress: { type: 'natGateway', sku: topology.sku, publicIps: Math.max(1, topology.publicIps), idleTimeoutMinutes: topology.idleTimeoutMinutes },
      nodes: { current: 0, surge: 0 },
      ...workload,
      target: natGatewayTarget(topology),
    };
  }
  const { aks, outboundRule } = topology;
  const current = topology.backendPoolSize;
  const subnets = aks?.vnetSubnetIds ?? [];
  const target: PlanTarget = aks
    ? { kind: 'aks', resourceGroup: aks.resourceGroup, clusterName: aks.clusterName, ...(subnets.length > 0 ? { vnetSubnetIds: subnets } : {}) }
    : { kind: 'loadBalancer', resourceGroup: topology.resourceGroup, loadBalancerName: topology.name, outboundRuleName: outboundRule?.name ?? 'outbound' };
  const outboundIps = aks ? outboundIpsOf(aks) : null;
  const idleTimeoutMinutes = aks?.idleTimeoutMinutes ?? outboundRule?.idleTimeoutMinutes;
  return {
    egress: {
      type: 'loadBalancer',
      frontendIps: frontendIpsOf(topology, outboundIps),
      allocatedOutboundPorts: aks ? aks.allocatedOutboundPorts : outboundRule?.allocatedOutboundPorts ?? 0,
      ...(idleTimeoutMinutes === undefined || idleTimeoutMinutes === null ? {} : { idleTimeoutMinutes }),
      ...(outboundIps ? { outboundIps } : {}),
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
  const { peakUsedPerNode, notPooling, idleConnections: idle } = observed;
  if (idle && !notPooling) {
    // Connections held until the idle timeout; the rate that explains the ports seen is at most
    // peak ÷ timeout (longer holds mean traffic keeps some alive), so the plan never claims more than was used.
    const perMinute = Math.min(idle.newConnectionsPerMinute, idle.peakUsed / idle.idleTimeoutMinutes);
    return { workload: { newConnectionsPerMinute: Math.round(perMinute * 100) / 100, connectionSeconds: idle.idleTimeoutMinutes * 60, sameDestinationShare: 1 } };
  }
  if (peakUsedPerNode === undefined && notPooling === undefined) return {};
  return {
    workload: {
      ...(peakUsedPerNode === undefined ? {} : { peakConnectionsPerNode: Math.ceil(peakUsedPerNode), sameDestinationShare: 1 }),
      ...(notPooling === undefined ? {} : { pooled: !notPooling }),
    },
  };
}

function outboundIpsOf(aks: AksContext): OutboundIpsRequest | null {
  const source = aks.outboundIps;
  if (!source) return null;
  return source.kind === 'managed' ? { kind: 'managed' } : { kind: source.kind, ids: source.ids };
}

/** One frontend IP per own public IP; prefixes count every address (at least 2 each, a /31). */
function frontendIpsOf(topology: LoadBalancerTopology, outboundIps: OutboundIpsRequest | null): number {
  if (outboundIps?.kind === 'publicIps') return outboundIps.ids.length;
  if (outboundIps?.kind === 'prefixes') return Math.max(topology.frontendIps, 2 * outboundIps.ids.length);
  return Math.max(1, topology.frontendIps);
}

/** What a plan on a cluster that could not be read takes for granted. */
function assumedFacts(aks: AksContext, defaultSurge: string): string[] {
  const names = aks.clusterName.startsWith('$')
    ? 'The cluster and its resource group are unknown: $CLUSTER_NAME and $RESOURCE_GROUP stand in for them in the commands.'
    : `The cluster is ${aks.clusterName} in ${aks.resourceGroup}, read from the node resource group's name.`;
  return [
    `The autoscaler max is today's ${aks.maxNodes} nodes (the cluster could not be read).`,
    `An upgrade adds ${defaultSurge} of them: ${aks.surgeNodes} surge nodes (SNAT_DEFAULT_SURGE).`,
    `The outbound IPs are ${aks.outboundIps ? describeIps(aks.outboundIps) : 'unknown'}, as the load balancer's frontends show them.`,
    'The cluster runs in an AKS-managed VNet (a custom VNet needs a user-assigned NAT gateway instead of a managed one).',
    names,
  ];
}

function describeIps(source: NonNullable<AksContext['outboundIps']>): string {
  if (source.kind === 'managed') return plural(source.count, 'AKS-managed IP');
  return `the owner's own ${source.kind === 'prefixes' ? 'prefixes' : 'public IPs'} (${source.ids.length})`;
}

/** A NAT gateway in an AKS node resource group is the cluster's managed one: it changes through `az aks`. */
function natGatewayTarget(topology: NatGatewayTopology): PlanTarget {
  if (!isAksNodeResourceGroup(topology.resourceGroup, topology.location)) {
    return { kind: 'natGateway', resourceGroup: topology.resourceGroup, natGatewayName: topology.name };
  }
  const names = uniqueClusterName(topology.resourceGroup, topology.location);
  return { kind: 'aks', resourceGroup: names?.resourceGroup ?? '$RESOURCE_GROUP', clusterName: names?.clusterName ?? '$CLUSTER_NAME' };
}

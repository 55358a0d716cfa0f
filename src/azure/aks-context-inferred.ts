// The AKS context of a `kubernetes` load balancer whose cluster could not be read (an identity with
// Reader on the node resource group only gets 403 on the cluster): what the load balancer itself
// shows (its outbound IPs or prefixes, its outbound rule), and assumptions for the rest, each said
// in the note so the plan can name them. Pure.
import { uniqueClusterName } from '../snat/aks-node-resource-group.js';
import type { AksContext, LoadBalancerTopology, OutboundIpSource, TopologyNote } from '../snat/model.js';
import { surgeNodes, type Surge } from './aks-context.js';
import { parseResourceId } from './resource-id.js';

type LoadBalancerFacts = Omit<LoadBalancerTopology, 'aks' | 'notes'>;

export function aksContextFromLoadBalancer(lb: LoadBalancerFacts, defaultSurge: Surge): AksContext {
  const names = uniqueClusterName(lb.resourceGroup, lb.location);
  return {
    clusterId: null,
    clusterName: names?.clusterName ?? '$CLUSTER_NAME',
    resourceGroup: names?.resourceGroup ?? '$RESOURCE_GROUP',
    source: 'load-balancer',
    maxNodes: lb.backendPoolSize,
    surgeNodes: surgeNodes(defaultSurge, lb.backendPoolSize),
    pools: [],
    outboundType: 'loadBalancer',
    managedOutboundIps: null,
    outboundIps: outboundIpsOf(lb),
    allocatedOutboundPorts: lb.outboundRule?.allocatedOutboundPorts ?? 0,
    idleTimeoutMinutes: lb.outboundRule?.idleTimeoutMinutes ?? null,
    vnetSubnetIds: null,
  };
}

/** The note said once on the target: what could not be read, why, and what the plan assumes instead. */
export function clusterUnreadableNote(aks: AksContext, reason: string, defaultSurge: string): TopologyNote {
  return {
    code: 'AKS_CLUSTER_UNREADABLE',
    message:
      `The AKS cluster behind this load balancer could not be read (${reason}). The load balancer is judged on what it shows; ` +
      `plans assume the autoscaler max is today's ${aks.maxNodes} nodes, an upgrade surge of ${defaultSurge} (${aks.surgeNodes} nodes), ` +
      `outbound IPs as the load balancer's frontends show them, and an AKS-managed VNet. Grant Reader on the cluster for exact plans.`,
  };
}

/** An outbound prefix whose size could not be read: counted as a /31, which may understate capacity. */
export function prefixUnreadableNote(prefixId: string, reason: string): TopologyNote {
  return {
    code: 'PUBLIC_IP_PREFIX_UNREADABLE',
    message: `The public IP prefix ${prefixId.slice(prefixId.lastIndexOf('/') + 1)} could not be read (${reason}): it is counted as a /31 (2 addresses), so capacity may be understated. Grant Reader on it for exact numbers.`,
  };
}

/** Prefixes when a frontend uses one; own IPs when any IP lives outside the node resource group; else managed. */
function outboundIpsOf(lb: LoadBalancerFacts): OutboundIpSource | null {
  const prefixes = lb.outboundPublicIpPrefixIds ?? [];
  if (prefixes.length > 0) return { kind: 'prefixes', ids: prefixes };
  const ips = lb.outboundPublicIpIds ?? [];
  if (ips.length === 0) return null;
  const own = ips.some((id) => resourceGroupOf(id) !== lb.resourceGroup.toLowerCase());
  return own ? { kind: 'publicIps', ids: ips } : { kind: 'managed', count: ips.length };
}

function resourceGroupOf(id: string): string {
  try {
    return parseResourceId(id).resourceGroup.toLowerCase();
  } catch {
    return '';
  }
}

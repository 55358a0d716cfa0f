// USE_NAT_GATEWAY for a load balancer's egress: a NAT gateway shares 64,512 ports per IP on demand,
// with no per-node preallocation to outgrow. Sized for the busiest destination and for the node
// count (today's ports per node on average), it keeps the cluster's idle timeout, and it changes
// the cluster's egress IPs — which the rationale says. An AKS cluster in a custom VNet cannot use a
// managed NAT gateway: it gets the user-assigned NAT gateway steps instead.
// https://learn.microsoft.com/azure/aks/nat-gateway ("Managed NAT gateway is incompatible with custom virtual networks")
// https://learn.microsoft.com/azure/aks/egress-outboundtype#updating-outboundtype-after-cluster-creation
import { userAssignedNatGatewayCommands } from './az-commands-aks.js';
import { useNatGatewayCommands } from './az-commands.js';
import {
  MIN_WORKING_PORTS_PER_NODE,
  NAT_CONNECTIONS_PER_IP_PER_DESTINATION,
  NAT_MAX_PUBLIC_IPS,
  NAT_PORTS_PER_IP,
  type NatGatewaySku,
} from './limits.js';
import type { RiskCode } from './plan-schema.js';
import type { Change } from './planner-change.js';
import { formatCount as n, plural } from './planner-format.js';
import type { PlanInput, ResolvedEgress } from './planner-input.js';

type LoadBalancerEgress = Extract<ResolvedEgress, { type: 'loadBalancer' }>;

/** `portsToday`: what each node has now (0 when Azure defines none), the average the gateway should keep. */
export function useNatGateway(input: PlanInput, egress: LoadBalancerEgress, addresses: RiskCode[], portsToday: number): Change | null {
  const need = input.connectionsPerDestination;
  const { peak } = input.nodes;
  const forDestination = need === null ? 1 : Math.ceil((need * peak) / NAT_CONNECTIONS_PER_IP_PER_DESTINATION);
  if (forDestination > NAT_MAX_PUBLIC_IPS) return null;
  const perNode = Math.max(portsToday, MIN_WORKING_PORTS_PER_NODE);
  const forNodes = Math.ceil((peak * perNode) / NAT_PORTS_PER_IP);
  const ips = Math.min(NAT_MAX_PUBLIC_IPS, Math.max(1, forDestination, forNodes, Math.min(egress.frontendIps, NAT_MAX_PUBLIC_IPS)));
  const idle = egress.idleTimeoutMinutes;
  const { target } = input;
  const subnets = target.kind === 'aks' ? target.vnetSubnetIds ?? [] : [];
  const userAssigned = target.kind === 'aks' && subnets.length > 0;
  // AKS-managed: StandardV2 (zone-redundant, same price; AKS's default for new clusters where the
  // region has it). A NAT gateway created by hand stays Standard, the SKU whose commands we verified.
  const sku: NatGatewaySku = target.kind === 'aks' && !userAssigned ? 'StandardV2' : 'Standard';
  const sentences = [
    `A NAT gateway gives ${n(ips * NAT_PORTS_PER_IP)} SNAT ports (64,512 per IP) shared on demand by every node, so no node runs out while others idle and growing the pool takes nothing away.`,
    sizing(ips, forDestination, forNodes, peak, perNode, need),
    `It keeps the cluster's idle timeout of ${plural(idle, 'minute')} (a new NAT gateway would default to 4).`,
    egressSentence(egress, target.kind === 'aks'),
    userAssigned
      ? `The cluster runs in a custom VNet, where AKS cannot manage a NAT gateway: create one beside the VNet, attach it to ${plural(subnets.length, 'node subnet')}, then switch the outbound type to userAssignedNATGateway.`
      : target.kind === 'aks'
        ? 'A managed NAT gateway needs the AKS-managed VNet; for a custom VNet, give target.vnetSubnetIds for the user-assigned NAT gateway steps.'
        : '',
    'It is a new resource, billed per hour and per GB.',
  ];
  return {
    code: 'USE_NAT_GATEWAY',
    title: `Move egress to a ${sku} ${userAssigned ? 'user-assigned ' : ''}NAT gateway with ${plural(ips, 'public IP')}`,
    rationale: sentences.filter(Boolean).join(' '),
    addresses,
    commands: userAssigned && target.kind === 'aks' ? userAssignedNatGatewayCommands(target, subnets, ips, idle) : useNatGatewayCommands(target, ips, idle, sku),
    egress: { type: 'natGateway', sku, publicIps: ips, idleTimeoutMinutes: idle },
    workload: input.workload,
    changesEgressIps: true,
  };
}

function sizing(ips: number, forDestination: number, forNodes: number, peak: number, perNode: number, need: number | null): string {
  const reasons = [`${plural(peak, 'node')} × ${n(perNode)} ports each`];
  if (need !== null) reasons.push(`${n(peak)} nodes × ${n(need)} connections to one destination at 50,000 per IP`);
  if (forNodes > NAT_MAX_PUBLIC_IPS) {
    return `Sized at the most a NAT gateway holds, 16 IPs: about ${n(Math.floor((ips * NAT_PORTS_PER_IP) / peak))} ports per node on average at ${n(peak)} nodes, fewer than the ${n(perNode)} each has today, but shared on demand.`;
  }
  return `Sized at ${plural(ips, 'public IP')}: enough for ${reasons.join(' and for ')}${ips > Math.max(forDestination, forNodes) ? ', and as many as the load balancer has' : ''}.`;
}

/** Every move to a NAT gateway changes the egress addresses; own IPs stop being used. */
function egressSentence(egress: LoadBalancerEgress, aks: boolean): string {
  const kind = egress.outboundIps?.kind;
  if (kind === 'publicIps' || kind === 'prefixes') {
    return `It changes the cluster's egress IPs: traffic leaves from the NAT gateway's new IPs instead of the cluster's own ${kind === 'prefixes' ? 'prefixes' : 'public IPs'}, so every third party that allow-lists them must allow-list the new ones first.`;
  }
  return `It changes the ${aks ? "cluster's" : "load balancer's"} egress IPs to the NAT gateway's: third parties that allow-list them need the new ones.`;
}

// ADD_OUTBOUND_IPS for a load balancer: more frontend IPs, with explicit ports per node. It keeps
// what the cluster has: a cluster on its own public IPs or prefixes (allow-listed by third parties)
// gets one more of its own, created first and listed with the existing ones; only a cluster on
// AKS-managed IPs gets a larger managed count — and is told its egress addresses change.
// https://learn.microsoft.com/azure/aks/configure-load-balancer-standard#provide-your-own-outbound-public-ips-or-prefixes
import { addOutboundPrefixesCommands, addOwnOutboundIpsCommands, newResourcesBeside } from './az-commands-aks.js';
import { addFrontendIpsCommands } from './az-commands.js';
import { LB_PORTS_PER_FRONTEND_IP, PUBLIC_IP_PREFIX_LENGTHS } from './limits.js';
import type { RiskCode } from './plan-schema.js';
import type { Change } from './planner-change.js';
import { formatCount as n, plural } from './planner-format.js';
import type { PlanInput, ResolvedEgress } from './planner-input.js';

type LoadBalancerEgress = Extract<ResolvedEgress, { type: 'loadBalancer' }>;

/** What a partial fix achieves, for its rationale; null when the fix covers the need. */
export type Shortfall = { need: number } | null;

/**
 * `ips` frontend IPs (at least) with `ports` per node; null when the cluster's kind of IPs cannot
 * grow that far (an AKS cluster holds at most 100 outbound IPs).
 */
export function addOutboundIps(input: PlanInput, egress: LoadBalancerEgress, ips: number, ports: number, addresses: RiskCode[]): Change | null {
  const { target } = input;
  const source = egress.outboundIps;
  const sizing = `${plural(input.nodes.peak, 'node')} × ${n(ports)} ports = ${n(input.nodes.peak * ports)} ports, which needs ${plural(ips, 'frontend IP')} of 64,000 ports each (${n(ips * LB_PORTS_PER_FRONTEND_IP)}). Each extra IP is billed.`;
  const base = { code: 'ADD_OUTBOUND_IPS' as const, addresses, workload: input.workload, coverage: coverageFor(input, ports) };
  if (target.kind === 'aks' && source?.kind === 'publicIps') {
    const added = newResourcesBeside(source.ids, 'publicIPAddresses', baseNameOf(target.clusterName), '-outbound-ip', ips - egress.frontendIps);
    return {
      ...base,
      title: `Add ${plural(added.length, 'public IP')} of your own (${plural(ips, 'outbound IP')}) with ${n(ports)} ports per node`,
      rationale: `${sizing} Keeps the cluster's ${plural(source.ids.length, 'own public IP')}, which third parties may allow-list, and adds ${added.map((ip) => ip.name).join(', ')} beside them: have them allow-listed once created, before the az aks update. The cluster identity needs Network Contributor on the new IP. ${short(input, ports)}`.trim(),
      commands: addOwnOutboundIpsCommands(target, source.ids, added, ports),
      egress: { ...egress, frontendIps: ips, allocatedOutboundPorts: ports, outboundIps: { kind: 'publicIps', ids: [...source.ids, ...added.map((ip) => ip.id)] } },
      changesEgressIps: false,
    };
  }
  if (target.kind === 'aks' && source?.kind === 'prefixes') {
    const { count, length } = prefixesFor(ips - egress.frontendIps);
    const addedIps = count * 2 ** (32 - length);
    if (egress.frontendIps + addedIps > input.maxFrontendIps) return null;
    const added = newResourcesBeside(source.ids, 'publicIPPrefixes', baseNameOf(target.clusterName), '-outbound-prefix', count);
    return {
      ...base,
      title: `Add ${plural(count, `/${length} prefix`, 'es')} of your own (${plural(egress.frontendIps + addedIps, 'outbound IP')}) with ${n(ports)} ports per node`,
      rationale: `${sizing} Keeps the cluster's ${plural(source.ids.length, 'own prefix', 'es')}, which third parties may allow-list, and adds ${added.map((prefix) => prefix.name).join(', ')} (${plural(addedIps, 'address', 'es')}): have the new range allow-listed once created, before the az aks update. ${short(input, ports)}`.trim(),
      commands: addOutboundPrefixesCommands(target, source.ids, added, length, ports),
      egress: { ...egress, frontendIps: egress.frontendIps + addedIps, allocatedOutboundPorts: ports, outboundIps: { kind: 'prefixes', ids: [...source.ids, ...added.map((prefix) => prefix.id)] } },
      changesEgressIps: false,
    };
  }
  const managed = target.kind === 'aks';
  return {
    ...base,
    title: `Use ${plural(ips, 'outbound IP')} with ${n(ports)} ports per node`,
    rationale: `${sizing}${managed ? ` AKS creates the ${plural(ips - egress.frontendIps, 'new managed IP')} and picks their addresses: the cluster's egress IPs change, so third parties that allow-list its addresses need the new ones after the update.` : ''} ${short(input, ports)}`.trim(),
    commands: addFrontendIpsCommands(target, egress.frontendIps, ips, ports),
    egress: { ...egress, frontendIps: ips, allocatedOutboundPorts: ports },
    changesEgressIps: managed,
  };
}

/** New resources are named after the cluster; a placeholder ($CLUSTER_NAME) cannot be part of an ID. */
function baseNameOf(clusterName: string): string {
  return clusterName.startsWith('$') ? 'aks' : clusterName;
}

/** The fewest prefixes of one length (/31 up to /28) that add at least `ips` addresses. */
function prefixesFor(ips: number): { count: number; length: number } {
  const largest = 2 ** (32 - PUBLIC_IP_PREFIX_LENGTHS.min);
  if (ips > largest) return { count: Math.ceil(ips / largest), length: PUBLIC_IP_PREFIX_LENGTHS.min };
  const length = Math.min(PUBLIC_IP_PREFIX_LENGTHS.max, 32 - Math.ceil(Math.log2(Math.max(1, ips))));
  return { count: 1, length };
}

function coverageFor(input: PlanInput, ports: number): 'full' | 'partial' {
  return ports < (input.connectionsPerDestination ?? 0) ? 'partial' : 'full';
}

function short(input: PlanInput, ports: number): string {
  const need = input.connectionsPerDestination ?? 0;
  if (ports >= need) return '';
  return `Partial: ${n(ports)} ports per node cover ${Math.floor((100 * ports) / need)} % of the ${n(need)} connections per destination the workload opens; pool connections for the rest.`;
}

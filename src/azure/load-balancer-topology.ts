// Reads the SNAT-relevant shape of a load balancer from the SDK's LoadBalancer. Pure.
// Outbound SNAT comes from the outbound rule when there is one (its frontends and its backend
// pool), else from load-balancing rules that do not disable outbound SNAT.
// https://learn.microsoft.com/azure/load-balancer/outbound-rules
// https://learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections
import type { BackendAddressPool, FrontendIPConfiguration, LoadBalancer, OutboundRule as SdkOutboundRule } from '@azure/arm-network';
import type { LoadBalancerTopology } from '../snat/model.js';
import { parseResourceId } from './resource-id.js';

/** The LB's shape before the AKS lookup; `prefixIds` lists the public IP prefixes whose sizes are needed. */
export interface LoadBalancerShape {
  frontendIds: string[];
  prefixIds: string[];
  /** NIC IP configuration IDs of the outbound pool's members (VM scale set NICs on AKS: node names come from them). */
  ipConfigurationIds: string[];
  build(prefixSizes: ReadonlyMap<string, number>): Omit<LoadBalancerTopology, 'aks'>;
}

export function loadBalancerShape(lb: LoadBalancer): LoadBalancerShape {
  const id = lb.id ?? '';
  const parts = parseResourceId(id);
  const frontends = lb.frontendIPConfigurations ?? [];
  const rule = pickOutboundRule(lb.outboundRules ?? []);
  const snatRules = (lb.loadBalancingRules ?? []).filter((r) => !r.disableOutboundSnat);
  const lbRules = snatRules.length > 0 ? snatRules : lb.loadBalancingRules ?? [];
  const frontendIds = rule
    ? (rule.frontendIPConfigurations ?? []).map((ref) => key(ref.id))
    : frontends.filter((f) => f.publicIPAddress || f.publicIPPrefix).map((f) => key(f.id));
  const poolIds = rule
    ? [key(rule.backendAddressPool?.id)]
    : lbRules.flatMap((r) => [r.backendAddressPool?.id, ...(r.backendAddressPools ?? []).map((p) => p.id)]).map(key);
  const used = frontends.filter((f) => frontendIds.includes(key(f.id)));
  const prefixIds = used.flatMap((f) => (f.publicIPPrefix?.id ? [f.publicIPPrefix.id] : []));
  const pools = (lb.backendAddressPools ?? []).filter((pool) => poolIds.includes(key(pool.id)));
  const members = backendMembers(pools);
  return {
    frontendIds,
    prefixIds,
    ipConfigurationIds: pools.flatMap((pool) => (pool.backendIPConfigurations ?? []).flatMap((config) => (config.id ? [config.id] : []))),
    build: (prefixSizes) => ({
      kind: 'loadBalancer',
      id,
      name: lb.name ?? parts.name,
      subscriptionId: parts.subscriptionId,
      resourceGroup: parts.resourceGroup,
      location: lb.location ?? '',
      ...(lb.tags ? { tags: { ...lb.tags } } : {}),
      frontendIps: used.reduce((sum, frontend) => sum + frontendIpCount(frontend, prefixSizes), 0),
      backendPoolSize: members.size,
      backendIps: [...new Set([...members.values()].filter((ip): ip is string => !!ip))],
      outboundPublicIpIds: used.flatMap((f) => (f.publicIPAddress?.id && !f.publicIPPrefix?.id ? [f.publicIPAddress.id] : [])),
      outboundPublicIpPrefixIds: prefixIds,
      outboundRule: rule
        ? {
            name: rule.name ?? '',
            allocatedOutboundPorts: rule.allocatedOutboundPorts ?? 0,
            idleTimeoutMinutes: rule.idleTimeoutInMinutes ?? 4,
            enableTcpReset: rule.enableTcpReset ?? false,
          }
        : null,
      // Azure tags of the load balancer (routing reads `snat-watch-channel`); absent when it has none.
      ...(lb.tags && Object.keys(lb.tags).length > 0 ? { tags: { ...lb.tags } } : {}),
    }),
  };
}

/** TCP carries nearly all SNAT: prefer a rule for All or Tcp over a UDP-only one. */
function pickOutboundRule(rules: readonly SdkOutboundRule[]): SdkOutboundRule | undefined {
  return rules.find((rule) => rule.protocol !== 'Udp') ?? rules[0];
}

function frontendIpCount(frontend: FrontendIPConfiguration, prefixSizes: ReadonlyMap<string, number>): number {
  if (frontend.publicIPPrefix?.id) return prefixSizes.get(key(frontend.publicIPPrefix.id)) ?? 0;
  return frontend.publicIPAddress ? 1 : 0;
}

/**
 * Distinct backend instances across the pools, mapped to their private IP when ARM lists it. NIC
 * members appear in backendIPConfigurations and, in newer API versions, again in
 * loadBalancerBackendAddresses: both are keyed by the NIC IP configuration so none counts twice.
 */
function backendMembers(pools: readonly BackendAddressPool[]): Map<string, string | undefined> {
  const members = new Map<string, string | undefined>();
  for (const pool of pools) {
    for (const config of pool.backendIPConfigurations ?? []) {
      const member = key(config.id);
      members.set(member, config.privateIPAddress ?? members.get(member));
    }
    for (const address of pool.loadBalancerBackendAddresses ?? []) {
      const member = key(address.networkInterfaceIPConfiguration?.id ?? address.ipAddress ?? address.name);
      members.set(member, address.ipAddress ?? members.get(member));
    }
  }
  members.delete('');
  return members;
}

export function prefixSize(prefixLength: number | undefined): number {
  return prefixLength === undefined ? 0 : 2 ** (32 - prefixLength);
}

function key(id: string | undefined): string {
  return (id ?? '').toLowerCase();
}

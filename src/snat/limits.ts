// Azure's SNAT numbers, each with the public page it comes from. Everything the allocation model,
// the planner and the request schema know about Azure's limits is here, so a changed page means
// one changed line.

/** One row of the default (automatic) preallocation table, for one frontend IP. */
export interface DefaultAllocationRow {
  maxPoolSize: number;
  portsPerInstance: number;
}

/**
 * Ports preallocated per backend instance for ONE frontend IP, by backend pool size.
 * https://learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections#preallocatedports
 */
export const DEFAULT_ALLOCATION_TABLE: readonly DefaultAllocationRow[] = [
  { maxPoolSize: 50, portsPerInstance: 1_024 },
  { maxPoolSize: 100, portsPerInstance: 512 },
  { maxPoolSize: 200, portsPerInstance: 256 },
  { maxPoolSize: 400, portsPerInstance: 128 },
  { maxPoolSize: 800, portsPerInstance: 64 },
  { maxPoolSize: 1_000, portsPerInstance: 32 },
];

/** The table's last row: the default allocation is not defined for larger pools. Same page. */
export const DEFAULT_ALLOCATION_MAX_POOL_SIZE = 1_000;

/**
 * Extra frontend IPs multiply the default allocation up to this cap (100 VMs: 512 with one IP, 1,024
 * with two, a third adds nothing). Same page, "preallocatedports".
 */
export const DEFAULT_ALLOCATION_CAP = 1_024;

/**
 * Usable SNAT ports per Load Balancer frontend IP (not 64,512: that is NAT Gateway's figure).
 * https://learn.microsoft.com/azure/load-balancer/outbound-rules
 */
export const LB_PORTS_PER_FRONTEND_IP = 64_000;

/** `allocatedOutboundPorts` comes in blocks of 8 ports. https://learn.microsoft.com/azure/load-balancer/outbound-rules */
export const PORT_BLOCK = 8;

/** The largest `allocatedOutboundPorts` one instance may get. https://learn.microsoft.com/azure/load-balancer/outbound-rules */
export const MAX_PORTS_PER_INSTANCE = 64_000;

/** Outbound rule / LB idle timeout range in minutes. https://learn.microsoft.com/azure/load-balancer/outbound-rules */
export const LB_IDLE_TIMEOUT_MINUTES = { min: 4, max: 120 } as const;

/**
 * AKS managed outbound IPs on the load balancer (`--load-balancer-managed-outbound-ip-count`).
 * https://learn.microsoft.com/azure/aks/load-balancer-standard
 */
export const AKS_MANAGED_OUTBOUND_IPS = { min: 1, max: 100 } as const;

/**
 * The AKS cluster's node limit (all node pools together), the largest node count a plan can describe.
 * https://learn.microsoft.com/azure/aks/quotas-skus-regions#service-quotas-and-limits
 */
export const MAX_NODES = 5_000;

/** SNAT ports per NAT Gateway public IP. https://learn.microsoft.com/azure/nat-gateway/nat-gateway-resource */
export const NAT_PORTS_PER_IP = 64_512;

/** Public IPs (prefixes expanded) one NAT gateway can hold. https://learn.microsoft.com/azure/nat-gateway/nat-gateway-resource */
export const NAT_MAX_PUBLIC_IPS = 16;

/**
 * Concurrent connections per NAT public IP to the SAME destination endpoint.
 * https://learn.microsoft.com/azure/nat-gateway/nat-gateway-resource#performance
 */
export const NAT_CONNECTIONS_PER_IP_PER_DESTINATION = 50_000;

/** The NAT gateway SKUs ARM reports in `sku.name`. https://learn.microsoft.com/azure/nat-gateway/nat-sku */
export type NatGatewaySku = 'Standard' | 'StandardV2';

export interface NatSkuLimits {
  /** Public IPv4 addresses (prefixes expanded) one gateway can hold. */
  ipv4Addresses: number;
  /** Public IPv6 addresses; 0 where the SKU has no IPv6. */
  ipv6Addresses: number;
  /** Concurrent connections per public IP to the same destination endpoint. */
  connectionsPerIpPerDestination: number;
  /** Concurrent connections through the whole gateway. */
  totalConnections: number;
}

/**
 * Per-SKU limits from the SKU comparison table ("Azure NAT Gateway SKUs": Scalability and Limits rows):
 * Standard 16 IPv4; StandardV2 16 IPv4 + 16 IPv6; both 50,000 connections per IP per destination and
 * 2 million connections in total. https://learn.microsoft.com/azure/nat-gateway/nat-sku
 */
export const NAT_SKU_LIMITS: Readonly<Record<NatGatewaySku, NatSkuLimits>> = {
  Standard: { ipv4Addresses: 16, ipv6Addresses: 0, connectionsPerIpPerDestination: 50_000, totalConnections: 2_000_000 },
  StandardV2: { ipv4Addresses: 16, ipv6Addresses: 16, connectionsPerIpPerDestination: 50_000, totalConnections: 2_000_000 },
};

/** The SKU ARM reports, or Standard (the only SKU before StandardV2) when `sku` is absent or unknown. */
export function natGatewaySkuOf(name: string | undefined): NatGatewaySku {
  return name?.toLowerCase() === 'standardv2' ? 'StandardV2' : 'Standard';
}

/** NAT Gateway TCP idle timeout range in minutes. https://learn.microsoft.com/azure/nat-gateway/nat-gateway-resource */
export const NAT_IDLE_TIMEOUT_MINUTES = { min: 4, max: 120 } as const;

/**
 * Frontend IP configurations one Standard Load Balancer may have.
 * https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#load-balancer
 */
export const LB_MAX_FRONTEND_IPS = 600;

/**
 * AKS `maxSurge` given as a percentage is rounded up to whole nodes; newer tooling defaults to 10%.
 * https://learn.microsoft.com/azure/aks/upgrade-aks-cluster#customize-node-surge-upgrade
 */
export const AKS_DEFAULT_SURGE = '10%';

/** AKS load balancer idle timeout default (minutes). https://learn.microsoft.com/azure/aks/load-balancer-standard */
export const AKS_DEFAULT_IDLE_TIMEOUT_MINUTES = 30;

/** Standard LB outbound rule and NAT gateway idle timeout default (minutes). https://learn.microsoft.com/azure/load-balancer/outbound-rules */
export const DEFAULT_IDLE_TIMEOUT_MINUTES = 4;

/**
 * Share of a node's allocation at which the watch warns (the LB diagnostics page suggests alerting
 * at about 75 %). Recommended caps leave the peak at or under it.
 * https://learn.microsoft.com/azure/load-balancer/load-balancer-standard-diagnostics
 */
export const WARNING_SHARE = 0.75;

/**
 * Share of ONE frontend IP's allocation above which Azure's own HighSnatPortUsage health event fires:
 * "a backend instance utilizes more than 75% of its allocated ports from a single frontend IP"
 * (SnatPortExhaustion at all of them). Reported as a finding, never as the node's status: the node's
 * status is judged on its sum over all its frontend IPs.
 * https://learn.microsoft.com/azure/load-balancer/load-balancer-health-event-logs
 */
export const FRONTEND_HOT_SHARE = 0.75;

/**
 * Seconds a load balancer keeps a TCP SNAT port after the flow closes with FIN (240) or RST (15);
 * an idle flow's port is released at the idle timeout. From the "TCP SNAT port release" section of
 * the 2020 version of https://learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections
 * (the current page no longer lists timers: DOMAIN.md §1); the planner states the figure it used.
 */
export const LB_PORT_HOLD_AFTER_FIN_SECONDS = 240;

/**
 * Seconds a NAT gateway holds a SNAT port after a TCP FIN before reusing it to the same destination
 * (RST: 16, half-open: 30; UDP: 65), "subject to change".
 * https://learn.microsoft.com/azure/nat-gateway/nat-gateway-resource#port-reuse-timers
 */
export const NAT_PORT_HOLD_AFTER_FIN_SECONDS = 65;

/**
 * The idle timeout to set for many short-lived connections: "consider using a low timeout value such
 * as 4 minutes" (also the minimum of the LB and NAT gateway ranges). AKS keeps TCP reset on idle.
 * https://learn.microsoft.com/azure/aks/load-balancer-standard#configure-the-load-balancer-idle-timeout
 */
export const SHORT_LIVED_IDLE_TIMEOUT_MINUTES = 4;

/**
 * The fewest ports Azure ever preallocates to an instance (the default table's last row, 801–1,000
 * instances). A fix that would leave nodes with fewer is not offered as working: past 1,000 instances
 * the fixes are more IPs or a NAT gateway, never "8 ports per node". Same page as the table.
 * https://learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections#preallocatedports
 */
export const MIN_WORKING_PORTS_PER_NODE = 32;

/**
 * IPv4 public IP prefix lengths one `az network public-ip prefix create --length` may ask for by
 * default: /28 (16 addresses) to /31 (2) ("Due to Azure public IPPrefix size limitation, the valid
 * value range is [28, 31]", the AKS API reference for AgentPoolGatewayProfile.PublicIPPrefixSize).
 * https://learn.microsoft.com/azure/virtual-network/ip-services/public-ip-address-prefix
 * https://learn.microsoft.com/dotnet/api/microsoft.azure.management.containerservice.models.agentpoolgatewayprofile.publicipprefixsize
 */
export const PUBLIC_IP_PREFIX_LENGTHS = { min: 28, max: 31 } as const;

// The data the watch pipeline passes between its stages. Pure shapes: adapters fill them from
// Azure, the domain reads them. Times are ISO-8601 strings in UTC.

import type { NatGatewaySku } from './limits.js';

/** An egress resource to watch, as read from ARM. */
export type TargetTopology = LoadBalancerTopology | NatGatewayTopology;

interface TargetIdentity {
  /** Full ARM resource ID, the target's key everywhere. */
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  /** The resource's Azure tags (routing reads `snat-watch-channel`); absent when it has none or in older snapshots. */
  tags?: Record<string, string>;
}

export interface LoadBalancerTopology extends TargetIdentity {
  kind: 'loadBalancer';
  /** Frontend IPs that carry outbound traffic (the outbound rule's, else every public frontend). */
  frontendIps: number;
  /** Backend instances sharing the outbound frontends: the pool size that picks the default-table row. */
  backendPoolSize: number;
  /** Private IPs of the backend instances, when ARM lists them. */
  backendIps: string[];
  /** The outbound rule, when the load balancer has one. `allocatedOutboundPorts` 0 = default table. */
  outboundRule: OutboundRule | null;
  /**
   * Resource IDs of the public IPs and prefixes on the outbound frontends, as the load balancer shows
   * them (readable even when the AKS cluster is not). Absent in snapshots older than this field.
   */
  outboundPublicIpIds?: string[];
  outboundPublicIpPrefixIds?: string[];
  /** Present when the load balancer is the `kubernetes` LB of an AKS node resource group. */
  aks: AksContext | null;
  /** Backend private IP → Kubernetes node name (AKS scale set instances); absent when not read. */
  nodeNames?: Record<string, string>;
  /** What could not be read about the target, said once on it (not an error in every run's log). */
  notes?: TopologyNote[];
}

/** Something the topology could not read, and what the plan assumes instead. */
export interface TopologyNote {
  code: 'AKS_CLUSTER_UNREADABLE' | 'PUBLIC_IP_PREFIX_UNREADABLE';
  message: string;
}

export interface OutboundRule {
  name: string;
  allocatedOutboundPorts: number;
  idleTimeoutMinutes: number;
  enableTcpReset: boolean;
}

/**
 * Where the cluster's outbound IPs come from: a count AKS manages, or the owner's own public IPs or
 * prefixes (often allow-listed by third parties), with their resource IDs. Only one at a time.
 * https://learn.microsoft.com/azure/aks/configure-load-balancer-standard#provide-your-own-outbound-public-ips-or-prefixes
 */
export type OutboundIpSource =
  | { kind: 'managed'; count: number }
  | { kind: 'publicIps'; ids: string[] }
  | { kind: 'prefixes'; ids: string[] };

/** One node pool as AKS sizes it for outbound ports: its autoscaler max and its upgrade surge. */
export interface AksNodePool {
  name: string;
  count: number;
  /** Autoscaler maxCount; null when autoscaling is off (the pool stays at `count`). */
  maxCount: number | null;
  /** `upgradeSettings.maxSurge` as AKS holds it; null when unset (the configured default applies). */
  maxSurge: string | null;
  /** Surge nodes of this pool: on maxCount (else count), a percentage rounded up. */
  surgeNodes: number;
}

/**
 * The fields after `surgeNodes` other than the original ones are optional: snapshots written before
 * them, and fixtures, leave them out; absent reads as "not known".
 */
export interface AksContext {
  /** Null when the cluster could not be read and its name is a guess or a placeholder. */
  clusterId: string | null;
  clusterName: string;
  resourceGroup: string;
  /** `cluster`: read from the managed cluster; `load-balancer`: the cluster was unreadable, facts inferred. */
  source?: 'cluster' | 'load-balancer';
  /** Sum over node pools of the autoscaler max (or the fixed count when autoscaling is off). */
  maxNodes: number;
  /** Extra nodes an upgrade adds at once, summed over node pools (each rounded up on its own max). */
  surgeNodes: number;
  /** Per pool, when the cluster was read; empty otherwise. */
  pools?: AksNodePool[];
  outboundType: string;
  /** What AKS would reconcile the LB to: `managedOutboundIPs.count`, when that is how IPs are set. */
  managedOutboundIps: number | null;
  /** Managed count, own public IPs or own prefixes; null when neither the cluster nor the LB tells. */
  outboundIps?: OutboundIpSource | null;
  /** `loadBalancerProfile.allocatedOutboundPorts` as AKS holds it (0 = default table). */
  allocatedOutboundPorts: number;
  /** `loadBalancerProfile.idleTimeoutInMinutes`; null when not read. */
  idleTimeoutMinutes?: number | null;
  /** The node subnets of a custom (bring-your-own) VNet; empty for an AKS-managed VNet; null when unknown. */
  vnetSubnetIds?: string[] | null;
  /** The cluster's Azure tags (`snat-watch-channel` routes its targets); absent when the cluster was not read. */
  tags?: Record<string, string>;
}

/** The AKS cluster a NAT gateway serves: its name for people, its tags for routing. */
export interface ClusterRef {
  /** Null when the cluster could not be read and its name comes from the node resource group's. */
  id: string | null;
  name: string;
  resourceGroup: string;
  tags?: Record<string, string>;
}

export interface NatGatewayTopology extends TargetIdentity {
  kind: 'natGateway';
  /** `sku.name` from ARM: its limits are in limits.ts NAT_SKU_LIMITS. */
  sku: NatGatewaySku;
  /** Public IPv4 addresses, with every prefix expanded to its address count. */
  publicIps: number;
  /** Public IPv6 addresses (StandardV2 only), prefixes expanded. */
  publicIpsV6: number;
  idleTimeoutMinutes: number;
  /** The AKS cluster whose nodes egress through the gateway (managed NAT gateway, or its node subnets); absent when none or not read. */
  cluster?: ClusterRef | null;
}

/** One value per minute; `null` where Azure returned no value for that minute. */
export interface MinutePoint {
  at: string;
  value: number | null;
}

/**
 * One backend's ports on one frontend IP for one protocol: AllocatedSnatPorts and UsedSnatPorts are
 * reported per backend instance per frontend IP per protocol (TCP and UDP have separate allocations).
 * https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-network-loadbalancers-metrics
 */
export interface FrontendPortSeries {
  /** `TCP` or `UDP`, as Azure names the ProtocolType value. */
  protocol: string;
  /** The frontend public IP address (the FrontendIPAddress dimension value). */
  frontendIp: string;
  /** UsedSnatPorts, Maximum per minute (peaks, not averages). */
  used: MinutePoint[];
  /** AllocatedSnatPorts, Average per minute: what Azure says the node has on this IP. */
  allocated: MinutePoint[];
}

/**
 * The series of one load balancer backend, split by BackendIPAddress, FrontendIPAddress, ProtocolType
 * and IsAwaitingRemoval. The domain sums a node's frontends per protocol (series.ts `protocolTotals`).
 */
export interface BackendSeries {
  backendIp: string;
  /** One entry per (protocol, frontend IP) that reported. */
  ports: FrontendPortSeries[];
  /** SnatConnectionCount Total, all connection states, summed over frontends: new SNAT connections per minute. */
  newConnections: MinutePoint[];
  /** SnatConnectionCount Total with ConnectionState = failed, summed over frontends (no protocol dimension). */
  failedConnections: MinutePoint[];
  /** IsAwaitingRemoval = true on the latest minute that reported: the node is being removed from the pool. */
  awaitingRemoval?: boolean;
}

export interface LoadBalancerMetrics {
  kind: 'loadBalancer';
  targetId: string;
  /** The queried window. */
  from: string;
  to: string;
  backends: BackendSeries[];
}

export interface NatGatewayMetrics {
  kind: 'natGateway';
  targetId: string;
  from: string;
  to: string;
  /** SNATConnectionCount Total with ConnectionState = Failed. */
  failedConnections: MinutePoint[];
  /** SNATConnectionCount Total, all states. */
  attemptedConnections: MinutePoint[];
  /** TotalConnectionCount Total: active connections. */
  activeConnections: MinutePoint[];
  /** PacketDropCount Total. */
  droppedPackets: MinutePoint[];
  /** DatapathAvailability Average, in percent. */
  datapathAvailability: MinutePoint[];
}

export type TargetMetrics = LoadBalancerMetrics | NatGatewayMetrics;

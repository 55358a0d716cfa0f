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
  /** Present when the load balancer is the `kubernetes` LB of an AKS node resource group. */
  aks: AksContext | null;
}

export interface OutboundRule {
  name: string;
  allocatedOutboundPorts: number;
  idleTimeoutMinutes: number;
  enableTcpReset: boolean;
}

export interface AksContext {
  clusterId: string;
  clusterName: string;
  resourceGroup: string;
  /** Sum over node pools of the autoscaler max (or the fixed count when autoscaling is off). */
  maxNodes: number;
  /** Extra nodes an upgrade adds at once, summed over node pools. */
  surgeNodes: number;
  outboundType: string;
  /** What AKS would reconcile the LB to: `managedOutboundIPs.count`, when that is how IPs are set. */
  managedOutboundIps: number | null;
  /** `loadBalancerProfile.allocatedOutboundPorts` as AKS holds it (0 = default table). */
  allocatedOutboundPorts: number;
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
}

/** One value per minute; `null` where Azure returned no value for that minute. */
export interface MinutePoint {
  at: string;
  value: number | null;
}

/** The per-backend series of a load balancer, split by `BackendIPAddress`. */
export interface BackendSeries {
  backendIp: string;
  /** UsedSnatPorts, Maximum per minute (peaks, not averages). */
  used: MinutePoint[];
  /** AllocatedSnatPorts, Average per minute: what Azure says the node has. */
  allocated: MinutePoint[];
  /** SnatConnectionCount Total, all connection states: new SNAT connections per minute. */
  newConnections: MinutePoint[];
  /** SnatConnectionCount Total with ConnectionState = failed. */
  failedConnections: MinutePoint[];
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

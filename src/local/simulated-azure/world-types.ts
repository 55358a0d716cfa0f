// The simulated estate: what ARM would return (load balancers, NAT gateways, public IPs, AKS
// clusters) and, per backend node or gateway, a generator that scripts its metrics minute by minute.

/** The minute a generator is asked about. */
export interface MinuteContext {
  at: Date;
  /** Whole minutes since the world's origin (minute 0), so stories read "at minute 12 …". */
  minute: number;
}

/**
 * One node's metrics for one minute. A key left undefined takes the quiet default (allocated:
 * what Azure allocates the node); `null` is a missing point; NaN is served as JSON `null`.
 *
 * `used`, `allocated`, `newConnections` and `failed` are the node's TCP totals over all its outbound
 * frontend IPs. Azure reports them per frontend IP; the simulation splits them (metrics-spread.ts):
 * allocation evenly over the frontend IPs (1,024 on two IPs is 512 each), use first-IP-first — the
 * first frontend IP fills to its allocation before the next takes any, as extra outbound IPs sit
 * unused until the first is exhausted — and new and failed connections on the frontend IP taking new
 * flows (the first one not yet full). `frontends` overrides that split per frontend IP.
 */
export interface NodeMinute {
  /** UsedSnatPorts (peak of the minute), TCP, summed over the frontend IPs. */
  used?: number | null;
  /** AllocatedSnatPorts, TCP, summed over the frontend IPs. */
  allocated?: number | null;
  /** SnatConnectionCount over every connection state: new SNAT connections in the minute. */
  newConnections?: number | null;
  /** SnatConnectionCount with ConnectionState = failed (part of newConnections). */
  failed?: number | null;
  /**
   * Per outbound frontend IP, in frontend order (index 0 = the first IP): replaces the split of the
   * totals for the keys it gives (a frontend IP without an entry gets 0 used, its even share of the
   * allocation and no connections).
   */
  frontends?: ReadonlyArray<FrontendMinute | undefined>;
  /** UDP ports (a separate allocation). Without it the node reports no UDP series that minute. */
  udp?: ProtocolMinute;
  /** IsAwaitingRemoval = True this minute: the node is being removed from the pool. */
  awaitingRemoval?: boolean;
}

/** One protocol's ports, split over frontend IPs as NodeMinute's TCP figures are. */
export interface ProtocolMinute {
  used?: number | null;
  allocated?: number | null;
  frontends?: ReadonlyArray<Pick<FrontendMinute, 'used' | 'allocated'> | undefined>;
}

/** One frontend IP of a node for one minute. */
export interface FrontendMinute {
  used?: number | null;
  allocated?: number | null;
  newConnections?: number | null;
  failed?: number | null;
}

/** Returns null when the node reported nothing at all that minute. */
export type NodeMetrics = (minute: MinuteContext) => NodeMinute | null;

export interface NatGatewayMinute {
  /** SNATConnectionCount, ConnectionState = Attempted. */
  attempted?: number | null;
  /** SNATConnectionCount, ConnectionState = Failed. */
  failed?: number | null;
  /** TotalConnectionCount. */
  active?: number | null;
  /** PacketDropCount. */
  dropped?: number | null;
  /** DatapathAvailability, percent. */
  availability?: number | null;
}

export type NatGatewayMetrics = (minute: MinuteContext) => NatGatewayMinute | null;

/** What a generator factory knows about the node it scripts. */
export interface NodeInfo {
  index: number;
  name: string;
  privateIp: string;
  /** The ports Azure allocates this node (the quiet default for `allocated`). */
  allocatedPorts: number;
}

/** How the real metrics service spells things that the documentation spells differently (DOMAIN §9). */
export interface MetricQuirks {
  /** Dimension names in `metadatavalues`: lowercased as observed (`backendipaddress`), or as documented. */
  dimensionNames: 'lowercase' | 'documented';
  /** ConnectionState values of load balancer metrics: `failed` or `Failed`. */
  connectionStateValues: 'lowercase' | 'capitalized';
}

/**
 * A pod on a node as ACNS's Hubble metrics see it (served by the Prometheus query API, prometheus-route.ts).
 * Rates are steady per minute, so increase() over a window is rate × minutes.
 */
export interface SimPod {
  namespace: string;
  name: string;
  /** TCP SYN packets the pod sends per minute (hubble_tcp_flags_total{flag="SYN"}). */
  synPerMinute: number;
  /** DNS queries per minute by name (hubble_dns_queries_total{query}). */
  dnsQueries?: Record<string, number>;
  /** Packets the pod transmits per minute (cAdvisor); PACKETS_PER_SYN × synPerMinute when unset. */
  txPacketsPerMinute?: number;
  /** hostNetwork: true — Hubble sees the node, not the pod: its SYNs carry no `source`. */
  hostNetwork?: boolean;
}

export interface SimNode {
  name: string;
  /** The pods on the node, when ACNS runs on its cluster; undefined: no Hubble series for the node (ACNS off). */
  pods?: SimPod[];
  /** false: ACNS is off on the node's cluster while managed Prometheus still scrapes cAdvisor (the fallback). */
  acns?: boolean;
  privateIp: string;
  /** NIC IP configuration ID, for pools whose members are NICs (AKS uses VM scale set NICs). */
  ipConfigurationId: string;
  allocatedPorts: number;
  metrics: NodeMetrics;
}

export interface SimBackendPool {
  name: string;
  /** `nic`: backendIPConfigurations; `ip`: loadBalancerBackendAddresses with ipAddress. */
  membership: 'nic' | 'ip';
  nodes: SimNode[];
}

export interface SimFrontend {
  name: string;
  publicIpId?: string;
  publicIpPrefixId?: string;
}

export interface SimOutboundRule {
  name: string;
  allocatedOutboundPorts: number;
  idleTimeoutInMinutes: number;
  enableTcpReset: boolean;
  protocol: 'All' | 'Tcp' | 'Udp';
  backendPool: string;
  frontends: string[];
}

export interface SimLoadBalancingRule {
  name: string;
  frontend: string;
  backendPool: string;
  disableOutboundSnat: boolean;
}

interface SimResourceBase {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  /** Azure tags, served as ARM's top-level `tags` object (absent when none, as ARM omits it). */
  tags?: Record<string, string>;
}

export interface SimLoadBalancer extends SimResourceBase {
  kind: 'loadBalancer';
  sku: 'Standard' | 'Basic';
  frontends: SimFrontend[];
  backendPools: SimBackendPool[];
  outboundRules: SimOutboundRule[];
  loadBalancingRules: SimLoadBalancingRule[];
  /** Every distinct backend node, the rows of the per-backend metrics. */
  nodes: SimNode[];
  quirks: MetricQuirks;
}

export interface SimNatGateway extends SimResourceBase {
  kind: 'natGateway';
  /** `sku.name` as ARM serves it. */
  sku: 'Standard' | 'StandardV2';
  idleTimeoutInMinutes: number;
  publicIpIds: string[];
  /** IPv6 public IPs (`publicIpAddressesV6`): StandardV2 only. */
  publicIpV6Ids: string[];
  publicIpPrefixIds: string[];
  subnetIds: string[];
  metrics: NatGatewayMetrics;
  quirks: MetricQuirks;
}

export interface SimPublicIp extends SimResourceBase {
  kind: 'publicIp';
  ipAddress: string;
  /** StandardV2 public IPs are what a StandardV2 NAT gateway needs; Standard otherwise. */
  sku?: 'Standard' | 'StandardV2';
  version?: 'IPv4' | 'IPv6';
}

export interface SimPublicIpPrefix extends SimResourceBase {
  kind: 'publicIpPrefix';
  prefixLength: number;
  ipPrefix: string;
}

export interface SimAgentPool {
  name: string;
  count: number;
  enableAutoScaling: boolean;
  minCount?: number;
  maxCount?: number;
  /** `upgradeSettings.maxSurge` as AKS holds it ("33%" or "5"); undefined when unset. */
  maxSurge?: string;
  mode: 'System' | 'User';
  vmSize: string;
  /** `vnetSubnetID`: the node subnet of a custom (bring-your-own) VNet; undefined for an AKS-managed VNet. */
  vnetSubnetId?: string;
}

export interface SimManagedCluster extends SimResourceBase {
  kind: 'managedCluster';
  nodeResourceGroup: string;
  kubernetesVersion: string;
  agentPools: SimAgentPool[];
  outboundType: string;
  loadBalancerProfile: {
    managedOutboundIps: number | null;
    /** `outboundIPs.publicIPs[].id`: the owner's own public IPs (then managedOutboundIps is null). */
    outboundIpIds?: string[];
    /** `outboundIPPrefixes.publicIPPrefixes[].id`: the owner's own prefixes. */
    outboundIpPrefixIds?: string[];
    allocatedOutboundPorts: number;
    idleTimeoutInMinutes: number;
    effectiveOutboundIpIds: string[];
  } | null;
}

/** A payload served verbatim (e.g. one of Microsoft's REST examples), for fidelity tests. */
export interface SimRawResource extends SimResourceBase {
  kind: 'raw';
  /** `Microsoft.Network/loadBalancers`, lowercased. */
  type: string;
  body: unknown;
}

export type SimResource = SimLoadBalancer | SimNatGateway | SimPublicIp | SimPublicIpPrefix | SimManagedCluster | SimRawResource;

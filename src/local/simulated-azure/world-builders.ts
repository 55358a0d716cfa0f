// Builders that put realistic resources into a world: a Standard load balancer with an outbound
// rule, an AKS cluster with its `kubernetes` load balancer in the node resource group (the shape
// AKS creates), and a NAT gateway. Each returns what it created so tests can script it further.
import { azureAllocatedPorts } from './azure-allocation.js';
import type { SimulatedWorld } from './world.js';
import type {
  MetricQuirks, NatGatewayMetrics, NodeInfo, NodeMetrics, SimAgentPool, SimFrontend, SimLoadBalancer,
  SimManagedCluster, SimNatGateway, SimNode, SimPod, SimPublicIp, SimPublicIpPrefix, SimRawResource,
} from './world-types.js';
import { typeOfId } from './world.js';
import { parseResourceId } from '../../azure/resource-id.js';

export type NodeMetricsFactory = (node: NodeInfo) => NodeMetrics;

interface Placement {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** Defaults to `eastus`. */
  location?: string;
}

interface Tagged {
  /** Azure tags on the resource (on an AKS cluster: the cluster's; `loadBalancerTags` for its LB). */
  tags?: Record<string, string>;
}

export const DEFAULT_QUIRKS: MetricQuirks = { dimensionNames: 'lowercase', connectionStateValues: 'lowercase' };
const quiet: NodeMetrics = () => ({});

export interface LoadBalancerSpec extends Placement, Tagged {
  sku?: 'Standard' | 'Basic';
  /** Backend nodes sharing the outbound frontends. */
  nodes: number;
  /** Single public IPs on the outbound frontends (default 1); 0 with no prefixes makes an internal LB. */
  outboundIps?: number;
  /** Public IP prefixes on further outbound frontends, by prefix length (a /31 holds 2 IPs). */
  outboundIpPrefixLengths?: number[];
  /** The outbound rule; null for none (then a load-balancing rule does the SNAT). */
  outboundRule?: { allocatedOutboundPorts?: number; idleTimeoutInMinutes?: number; enableTcpReset?: boolean } | null;
  /** `ip` (loadBalancerBackendAddresses, the default) or `nic` (backendIPConfigurations). */
  membership?: 'nic' | 'ip';
  metrics?: NodeMetricsFactory;
  quirks?: Partial<MetricQuirks>;
}

/** A Standard load balancer with public frontends and one backend pool used for outbound. */
export function addLoadBalancer(world: SimulatedWorld, spec: LoadBalancerSpec): SimLoadBalancer {
  const location = spec.location ?? 'eastus';
  const id = `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Network/loadBalancers/${spec.name}`;
  const publicFrontends = addFrontends(world, { ...spec, location }, spec.outboundIps ?? 1, spec.outboundIpPrefixLengths ?? [], (i) => `frontend-${i + 1}`);
  // No public IP at all: an internal load balancer, with a private frontend and no SNAT.
  const frontends = publicFrontends.length > 0 ? publicFrontends : [{ name: 'internal' }];
  const rule = spec.outboundRule === undefined ? {} : spec.outboundRule;
  const ports = rule?.allocatedOutboundPorts ?? 0;
  const nodes = makeNodes(world, spec.nodes, frontendIpCount(world, frontends), ports, spec.metrics, (i) => ({
    name: `${spec.name}-node-${i}`,
    ipConfigurationId: `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Network/networkInterfaces/${spec.name}-node-${i}-nic/ipConfigurations/ipconfig1`,
  }));
  return world.add<SimLoadBalancer>({
    kind: 'loadBalancer', id, name: spec.name, subscriptionId: spec.subscriptionId, resourceGroup: spec.resourceGroup, location,
    ...(spec.tags ? { tags: spec.tags } : {}),
    sku: spec.sku ?? 'Standard',
    frontends,
    backendPools: [{ name: 'backend', membership: spec.membership ?? 'ip', nodes }],
    outboundRules: rule
      ? [{ name: 'outbound', allocatedOutboundPorts: ports, idleTimeoutInMinutes: rule.idleTimeoutInMinutes ?? 4, enableTcpReset: rule.enableTcpReset ?? true, protocol: 'All', backendPool: 'backend', frontends: frontends.map((f) => f.name) }]
      : [],
    loadBalancingRules: [{ name: 'http', frontend: frontends[0]!.name, backendPool: 'backend', disableOutboundSnat: rule !== null }],
    nodes,
    quirks: { ...DEFAULT_QUIRKS, ...spec.quirks },
  });
}

export interface AgentPoolSpec {
  name: string;
  count: number;
  enableAutoScaling?: boolean;
  minCount?: number;
  maxCount?: number;
  maxSurge?: string;
  mode?: 'System' | 'User';
}

export interface AksClusterSpec extends Placement, Tagged {
  /** Shortcut for one system pool `nodepool1` of this many nodes. */
  nodes?: number;
  /** Azure tags on the `kubernetes` load balancer (`tags` are the cluster's). */
  loadBalancerTags?: Record<string, string>;
  pools?: AgentPoolSpec[];
  /** `--load-balancer-managed-outbound-ip-count` (default 1), unless own IPs or prefixes are given. */
  managedOutboundIps?: number;
  /** `--load-balancer-outbound-ips`: this many public IPs the owner created in the cluster's resource group. */
  ownOutboundIps?: number;
  /** `--load-balancer-outbound-ip-prefixes`: the owner's prefixes in the cluster's resource group, by length. */
  ownOutboundIpPrefixLengths?: number[];
  /** A custom (bring-your-own) VNet: every pool's `vnetSubnetID`. */
  vnetSubnetId?: string;
  /** `--load-balancer-outbound-ports`: 0 = the default table. */
  allocatedOutboundPorts?: number;
  idleTimeoutInMinutes?: number;
  metrics?: NodeMetricsFactory;
  /** The pods on each node with ACNS on (Hubble metrics); unset, or undefined for a node: ACNS is off there. */
  pods?: (node: NodeInfo) => SimPod[] | undefined;
  /** false: ACNS is off, so only cAdvisor sees the pods (the fallback without ACNS); default true. */
  acns?: boolean;
  quirks?: Partial<MetricQuirks>;
}

export interface AksCluster {
  cluster: SimManagedCluster;
  loadBalancer: SimLoadBalancer;
}

/** An AKS cluster (outboundType loadBalancer) and its `kubernetes` LB in `MC_{rg}_{name}_{location}`. */
export function addAksCluster(world: SimulatedWorld, spec: AksClusterSpec): AksCluster {
  const location = spec.location ?? 'eastus';
  const nodeResourceGroup = `MC_${spec.resourceGroup}_${spec.name}_${location}`;
  const pools = spec.pools ?? [{ name: 'nodepool1', count: spec.nodes ?? 3, mode: 'System' as const }];
  const ports = spec.allocatedOutboundPorts ?? 0;
  const lbPlacement = { subscriptionId: spec.subscriptionId, resourceGroup: nodeResourceGroup, location };
  const frontends = aksFrontends(world, spec, lbPlacement);
  const own = frontends.some((f) => !f.publicIpId?.toLowerCase().includes(`/resourcegroups/${nodeResourceGroup.toLowerCase()}/`));
  const poolSize = pools.reduce((sum, pool) => sum + pool.count, 0);
  let index = 0;
  const nodes = pools.flatMap((pool) => makeNodesFor(pool, poolSize));
  nodes.forEach((node, i) => {
    const pods = spec.pods?.({ index: i, name: node.name, privateIp: node.privateIp, allocatedPorts: node.allocatedPorts });
    if (pods) node.pods = pods;
    if (spec.acns === false) node.acns = false;
  });
  function makeNodesFor(pool: AgentPoolSpec, size: number): SimNode[] {
    const vmss = `aks-${pool.name}-12345678-vmss`;
    return Array.from({ length: pool.count }, (_, instance) => makeNode(world, index++, frontendIpCount(world, frontends), size, ports, spec.metrics, {
      name: `${vmss}${instance.toString(36).padStart(6, '0')}`,
      ipConfigurationId: `/subscriptions/${spec.subscriptionId}/resourceGroups/${nodeResourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${vmss}/virtualMachines/${instance}/networkInterfaces/${vmss}/ipConfigurations/ipconfig1`,
    }));
  }
  const loadBalancer = world.add<SimLoadBalancer>({
    kind: 'loadBalancer', id: `/subscriptions/${spec.subscriptionId}/resourceGroups/${nodeResourceGroup}/providers/Microsoft.Network/loadBalancers/kubernetes`,
    name: 'kubernetes', ...lbPlacement, sku: 'Standard', frontends,
    ...(spec.loadBalancerTags ? { tags: spec.loadBalancerTags } : {}),
    backendPools: [{ name: 'kubernetes', membership: 'nic', nodes }, { name: 'aksOutboundBackendPool', membership: 'nic', nodes }],
    outboundRules: [{ name: 'aksOutboundRule', allocatedOutboundPorts: ports, idleTimeoutInMinutes: spec.idleTimeoutInMinutes ?? 30, enableTcpReset: true, protocol: 'All', backendPool: 'aksOutboundBackendPool', frontends: frontends.map((f) => f.name) }],
    loadBalancingRules: [],
    nodes,
    quirks: { ...DEFAULT_QUIRKS, ...spec.quirks },
  });
  const cluster = world.add<SimManagedCluster>({
    kind: 'managedCluster', id: `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${spec.name}`,
    name: spec.name, subscriptionId: spec.subscriptionId, resourceGroup: spec.resourceGroup, location, nodeResourceGroup,
    ...(spec.tags ? { tags: spec.tags } : {}),
    kubernetesVersion: '1.33.2',
    agentPools: pools.map((pool): SimAgentPool => ({
      name: pool.name, count: pool.count, enableAutoScaling: pool.enableAutoScaling ?? false,
      ...(pool.minCount !== undefined ? { minCount: pool.minCount } : {}),
      ...(pool.maxCount !== undefined ? { maxCount: pool.maxCount } : {}),
      ...(pool.maxSurge !== undefined ? { maxSurge: pool.maxSurge } : {}),
      ...(spec.vnetSubnetId !== undefined ? { vnetSubnetId: spec.vnetSubnetId } : {}),
      mode: pool.mode ?? 'User', vmSize: 'Standard_D4s_v5',
    })),
    outboundType: 'loadBalancer',
    loadBalancerProfile: {
      managedOutboundIps: own ? null : spec.managedOutboundIps ?? 1,
      ...(own ? { outboundIpIds: frontends.flatMap((f) => (f.publicIpId ? [f.publicIpId] : [])), outboundIpPrefixIds: frontends.flatMap((f) => (f.publicIpPrefixId ? [f.publicIpPrefixId] : [])) } : {}),
      allocatedOutboundPorts: ports,
      idleTimeoutInMinutes: spec.idleTimeoutInMinutes ?? 30, effectiveOutboundIpIds: frontends.map((f) => (f.publicIpId ?? f.publicIpPrefixId)!),
    },
  });
  return { cluster, loadBalancer };
}

/**
 * The outbound frontends AKS puts on its LB: managed IPs in the node resource group (named with
 * GUIDs), or one frontend per own IP or prefix, which live in the owner's resource group.
 */
function aksFrontends(world: SimulatedWorld, spec: AksClusterSpec, lbPlacement: Required<Omit<Placement, 'name'>>): SimFrontend[] {
  const ownIps = spec.ownOutboundIps ?? 0;
  const prefixLengths = spec.ownOutboundIpPrefixLengths ?? [];
  const nameOf = (i: number) => guidLike(`${spec.subscriptionId}/${lbPlacement.resourceGroup}`, i);
  if (ownIps === 0 && prefixLengths.length === 0) return addFrontends(world, lbPlacement, spec.managedOutboundIps ?? 1, [], nameOf);
  const owner = { ...lbPlacement, resourceGroup: spec.resourceGroup };
  const ips = Array.from({ length: ownIps }, (_, i): SimFrontend => ({ name: nameOf(i), publicIpId: addPublicIp(world, owner, `${spec.name}-egress-ip-${i + 1}`).id }));
  const prefixes = prefixLengths.map((length, i): SimFrontend => ({
    name: nameOf(ownIps + i), publicIpPrefixId: addPublicIpPrefix(world, owner, `${spec.name}-egress-prefix-${i + 1}`, length).id,
  }));
  return [...ips, ...prefixes];
}

export interface NatGatewaySpec extends Placement, Tagged {
  /** Default Standard. A StandardV2 gateway gets StandardV2 public IPs, as Azure requires. */
  sku?: 'Standard' | 'StandardV2';
  publicIps?: number;
  /** IPv6 public IPs: StandardV2 only (Azure refuses them on Standard). */
  publicIpsV6?: number;
  publicIpPrefixLengths?: number[];
  idleTimeoutInMinutes?: number;
  metrics?: NatGatewayMetrics;
  quirks?: Partial<MetricQuirks>;
}

export function addNatGateway(world: SimulatedWorld, spec: NatGatewaySpec): SimNatGateway {
  const location = spec.location ?? 'eastus';
  const placed = { ...spec, location };
  const sku = spec.sku ?? 'Standard';
  const v6 = spec.publicIpsV6 ?? 0;
  // What ARM refuses (nat-sku: 16 IPv4 per gateway, IPv6 only on StandardV2), the simulation refuses too.
  if ((spec.publicIps ?? 1) > 16 || v6 > 16) throw new RangeError('a NAT gateway holds at most 16 IPv4 and 16 IPv6 addresses');
  if (sku === 'Standard' && v6 > 0) throw new RangeError('a Standard NAT gateway has no IPv6 addresses; use StandardV2');
  const ips = Array.from({ length: spec.publicIps ?? 1 }, (_, i) => ({ ...addPublicIp(world, placed, `${spec.name}-ip-${i + 1}`), sku }));
  const ipsV6 = Array.from({ length: v6 }, (_, i) => world.add<SimPublicIp>({
    kind: 'publicIp', id: `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Network/publicIPAddresses/${spec.name}-ipv6-${i + 1}`,
    name: `${spec.name}-ipv6-${i + 1}`, subscriptionId: spec.subscriptionId, resourceGroup: spec.resourceGroup, location,
    ipAddress: `2001:db8::${(i + 1).toString(16)}`, sku, version: 'IPv6',
  }));
  for (const ip of ips) world.add<SimPublicIp>(ip);
  const prefixes = (spec.publicIpPrefixLengths ?? []).map((length, i) => addPublicIpPrefix(world, placed, `${spec.name}-prefix-${i + 1}`, length));
  return world.add<SimNatGateway>({
    kind: 'natGateway', id: `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Network/natGateways/${spec.name}`,
    name: spec.name, subscriptionId: spec.subscriptionId, resourceGroup: spec.resourceGroup, location,
    sku, idleTimeoutInMinutes: spec.idleTimeoutInMinutes ?? 4,
    ...(spec.tags ? { tags: spec.tags } : {}),
    publicIpIds: ips.map((ip) => ip.id), publicIpV6Ids: ipsV6.map((ip) => ip.id), publicIpPrefixIds: prefixes.map((prefix) => prefix.id),
    subnetIds: [`/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/workload`],
    metrics: spec.metrics ?? (() => ({})),
    // NAT gateway states are documented capitalized (Attempted, Failed).
    quirks: { ...DEFAULT_QUIRKS, connectionStateValues: 'capitalized', ...spec.quirks },
  });
}

/** Serves `body` verbatim at its `id` (e.g. `responses["200"].body` of a Microsoft REST example). */
export function addRawResource(world: SimulatedWorld, body: { id: string; name: string; location?: string; [property: string]: unknown }): SimRawResource {
  const parts = parseResourceId(body.id);
  return world.add<SimRawResource>({
    kind: 'raw', id: body.id, name: body.name, subscriptionId: parts.subscriptionId, resourceGroup: parts.resourceGroup,
    location: body.location ?? 'eastus', type: typeOfId(body.id), body,
  });
}

export function addPublicIp(world: SimulatedWorld, at: Required<Omit<Placement, 'name'>>, name: string): SimPublicIp {
  return world.add<SimPublicIp>({
    kind: 'publicIp', id: `/subscriptions/${at.subscriptionId}/resourceGroups/${at.resourceGroup}/providers/Microsoft.Network/publicIPAddresses/${name}`,
    name, subscriptionId: at.subscriptionId, resourceGroup: at.resourceGroup, location: at.location, ipAddress: world.nextIp('public'),
  });
}

export function addPublicIpPrefix(world: SimulatedWorld, at: Required<Omit<Placement, 'name'>>, name: string, prefixLength: number): SimPublicIpPrefix {
  if (!Number.isInteger(prefixLength) || prefixLength < 20 || prefixLength > 31) throw new RangeError(`IPv4 prefix length must be 20–31, got ${prefixLength}`);
  const base = world.nextIp('public');
  return world.add<SimPublicIpPrefix>({
    kind: 'publicIpPrefix', id: `/subscriptions/${at.subscriptionId}/resourceGroups/${at.resourceGroup}/providers/Microsoft.Network/publicIPPrefixes/${name}`,
    name, subscriptionId: at.subscriptionId, resourceGroup: at.resourceGroup, location: at.location, prefixLength, ipPrefix: `${base}/${prefixLength}`,
  });
}

function addFrontends(
  world: SimulatedWorld, at: Required<Omit<Placement, 'name'>> & { name?: string }, ips: number, prefixLengths: number[], nameOf: (i: number) => string,
): SimFrontend[] {
  const prefix = at.name ? `${at.name}-` : '';
  const single = Array.from({ length: ips }, (_, i): SimFrontend => {
    const name = nameOf(i);
    return { name, publicIpId: addPublicIp(world, at, `${prefix}${name}-ip`).id };
  });
  const prefixed = prefixLengths.map((length, i): SimFrontend => {
    const name = nameOf(ips + i);
    return { name, publicIpPrefixId: addPublicIpPrefix(world, at, `${prefix}${name}-prefix`, length).id };
  });
  return [...single, ...prefixed];
}

function frontendIpCount(world: SimulatedWorld, frontends: readonly SimFrontend[]): number {
  return frontends.reduce((sum, frontend) => {
    const prefix = frontend.publicIpPrefixId ? world.get(frontend.publicIpPrefixId) : undefined;
    if (prefix?.kind === 'publicIpPrefix') return sum + 2 ** (32 - prefix.prefixLength);
    return sum + (frontend.publicIpId ? 1 : 0);
  }, 0);
}

function makeNodes(
  world: SimulatedWorld, count: number, frontendIps: number, ports: number, factory: NodeMetricsFactory | undefined,
  naming: (i: number) => { name: string; ipConfigurationId: string },
): SimNode[] {
  return Array.from({ length: count }, (_, i) => makeNode(world, i, frontendIps, count, ports, factory, naming(i)));
}

function makeNode(
  world: SimulatedWorld, index: number, frontendIps: number, poolSize: number, ports: number, factory: NodeMetricsFactory | undefined,
  naming: { name: string; ipConfigurationId: string },
): SimNode {
  const privateIp = world.nextIp('private');
  const allocatedPorts = azureAllocatedPorts(poolSize, frontendIps, ports);
  const metrics = factory ? factory({ index, name: naming.name, privateIp, allocatedPorts }) : quiet;
  return { ...naming, privateIp, allocatedPorts, metrics };
}

/** AKS names its frontends with GUIDs; a stable one per cluster and index. */
function guidLike(seed: string, i: number): string {
  let hash = 0;
  for (const char of seed) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return `5f2a7c1e-0b3d-4e8a-9c6f-${hash.toString(16).padStart(8, '0')}${i.toString(16).padStart(4, '0')}`;
}

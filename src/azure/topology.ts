// Reads the topology of each target through ARM: load balancers (frontends, outbound rule, backend
// pool, and the AKS cluster behind a `kubernetes` LB when the identity may read it) and NAT
// gateways (public IPs, prefixes expanded). Every target answers with its topology or a typed read
// error; one unreadable target never stops the others.
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { SubResource } from '@azure/arm-network';
import { natGatewaySkuOf } from '../snat/limits.js';
import type { NatGatewayTopology, TargetTopology } from '../snat/model.js';
import { aksContextFromCluster, parseSurge, type Surge } from './aks-context.js';
import type { AzureClients } from './clients.js';
import { loadBalancerShape, prefixSize } from './load-balancer-topology.js';
import { mapConcurrent } from './map-concurrent.js';
import { failedRead, type TargetRead } from './read-error.js';
import { parseResourceId, targetKindOf } from './resource-id.js';
import { withRetry, type RetryOptions } from './retry.js';

export interface ReadTopologyOptions {
  clients: AzureClients;
  /** SNAT_DEFAULT_SURGE: the upgrade surge of node pools that set none ("10%" or "1"). */
  defaultSurge: string;
  retry?: RetryOptions;
  /** ARM reads in flight (default 16). */
  concurrency?: number;
}

/** One answer per target ID, in input order. */
export async function readTopology(targetIds: readonly string[], options: ReadTopologyOptions): Promise<TargetRead<TargetTopology>[]> {
  const reader = new TopologyReader(options, parseSurge(options.defaultSurge));
  return mapConcurrent(targetIds, options.concurrency ?? 16, (id) => reader.read(id));
}

class TopologyReader {
  private readonly prefixes = new Map<string, Promise<number>>();
  private readonly clusters = new Map<string, Promise<ManagedCluster[] | undefined>>();

  constructor(private readonly options: ReadTopologyOptions, private readonly defaultSurge: Surge) {}

  async read(id: string): Promise<TargetRead<TargetTopology>> {
    try {
      const kind = targetKindOf(id);
      if (!kind) throw new TypeError(`not a load balancer or NAT gateway resource ID: "${id}"`);
      const value = kind === 'loadBalancer' ? await this.loadBalancer(id) : await this.natGateway(id);
      return { targetId: id, ok: true, value };
    } catch (error) {
      return failedRead(id, error);
    }
  }

  private async loadBalancer(id: string): Promise<TargetTopology> {
    const { subscriptionId, resourceGroup, name } = parseResourceId(id);
    const lb = await this.arm(() => this.options.clients.network(subscriptionId).loadBalancers.get(resourceGroup, name));
    const shape = loadBalancerShape(lb);
    const sizes = new Map(await Promise.all(shape.prefixIds.map(async (prefixId) => [prefixId.toLowerCase(), await this.prefixSize(prefixId)] as const)));
    // The cluster only enriches the LB: failing to read it never fails the target.
    const aks = lb.name?.toLowerCase() === 'kubernetes' ? await this.aksContext(subscriptionId, resourceGroup).catch(() => null) : null;
    return { ...shape.build(sizes), aks };
  }

  private async natGateway(id: string): Promise<NatGatewayTopology> {
    const { subscriptionId, resourceGroup, name } = parseResourceId(id);
    const gateway = await this.arm(() => this.options.clients.network(subscriptionId).natGateways.get(resourceGroup, name));
    const addresses = async (ips: SubResource[] | undefined, prefixes: SubResource[] | undefined) => {
      const sizes = await Promise.all((prefixes ?? []).flatMap((ref) => (ref.id ? [this.prefixSize(ref.id)] : [])));
      return (ips ?? []).length + sizes.reduce((sum, size) => sum + size, 0);
    };
    return {
      kind: 'natGateway',
      id: gateway.id ?? id,
      name: gateway.name ?? name,
      subscriptionId,
      resourceGroup,
      location: gateway.location ?? '',
      // StandardV2 has other limits (IPv6 addresses) than Standard: limits.ts NAT_SKU_LIMITS.
      sku: natGatewaySkuOf(gateway.sku?.name),
      publicIps: await addresses(gateway.publicIpAddresses, gateway.publicIpPrefixes),
      publicIpsV6: await addresses(gateway.publicIpAddressesV6, gateway.publicIpPrefixesV6),
      idleTimeoutMinutes: gateway.idleTimeoutInMinutes ?? 4,
    };
  }

  /** Addresses in a public IP prefix (2^(32 − prefixLength)), read once per run. */
  private prefixSize(prefixId: string): Promise<number> {
    const cacheKey = prefixId.toLowerCase();
    let size = this.prefixes.get(cacheKey);
    if (!size) {
      const { subscriptionId, resourceGroup, name } = parseResourceId(prefixId);
      size = this.arm(() => this.options.clients.network(subscriptionId).publicIPPrefixes.get(resourceGroup, name)).then((prefix) =>
        // An IPv6 prefix (/124 on a StandardV2 NAT gateway) holds 2^(128 − length) addresses.
        prefix.publicIPAddressVersion === 'IPv6' ? 2 ** (128 - (prefix.prefixLength ?? 128)) : prefixSize(prefix.prefixLength));
      this.prefixes.set(cacheKey, size);
    }
    return size;
  }

  /** The cluster whose node resource group holds this `kubernetes` LB; null when none or unreadable (403). */
  private async aksContext(subscriptionId: string, nodeResourceGroup: string) {
    const cacheKey = subscriptionId.toLowerCase();
    let clusters = this.clusters.get(cacheKey);
    if (!clusters) {
      clusters = this.arm(async () => {
        const all: ManagedCluster[] = [];
        for await (const cluster of this.options.clients.containerService(subscriptionId).managedClusters.list()) all.push(cluster);
        return all;
      }).catch(() => undefined);
      this.clusters.set(cacheKey, clusters);
    }
    const cluster = (await clusters)?.find((candidate) => candidate.nodeResourceGroup?.toLowerCase() === nodeResourceGroup.toLowerCase());
    return cluster ? aksContextFromCluster(cluster, this.defaultSurge) : null;
  }

  private arm<T>(operation: () => Promise<T>): Promise<T> {
    return withRetry(operation, this.options.retry);
  }
}

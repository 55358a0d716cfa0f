// Reads the topology of each target through ARM: load balancers (frontends, outbound rule, backend
// pool, and the AKS cluster behind a `kubernetes` LB when the identity may read it) and NAT
// gateways (public IPs, prefixes expanded). Every target answers with its topology or a typed read
// error; one unreadable target never stops the others.
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { LoadBalancer, NatGateway, SubResource } from '@azure/arm-network';
import { natGatewaySkuOf, PUBLIC_IP_PREFIX_LENGTHS } from '../snat/limits.js';
import type { ClusterRef, NatGatewayTopology, TargetTopology, TopologyNote } from '../snat/model.js';
import { aksContextFromCluster, parseSurge, type Surge } from './aks-context.js';
import { clusterNameCandidates, uniqueClusterName } from '../snat/aks-node-resource-group.js';
import { aksContextFromLoadBalancer, clusterUnreadableNote, prefixUnreadableNote } from './aks-context-inferred.js';
import type { AzureClients } from './clients.js';
import { loadBalancerShape, prefixSize } from './load-balancer-topology.js';
import { readNodeNames, scaleSetsOf } from './node-names.js';
import type { GraphPrefetch } from './resource-graph-rows.js';
import { mapConcurrent } from './map-concurrent.js';
import { failedRead, toReadError, type TargetRead } from './read-error.js';
import { parseResourceId, targetKindOf } from './resource-id.js';
import { withRetry, type RetryOptions } from './retry.js';

/** Splits of an `MC_…` name tried one by one when the subscription's cluster list is refused. */
const MAX_CLUSTER_GUESSES = 4;

/** Addresses of the smallest public IP prefix (/31): what an unreadable prefix is counted as. */
const SMALLEST_PREFIX_SIZE = 2 ** (32 - PUBLIC_IP_PREFIX_LENGTHS.max);

export interface ReadTopologyOptions {
  clients: AzureClients;
  /** SNAT_DEFAULT_SURGE: the upgrade surge of node pools that set none ("10%" or "1"). */
  defaultSurge: string;
  retry?: RetryOptions;
  /** ARM reads in flight (default 16). */
  concurrency?: number;
  /**
   * What Resource Graph already gave (resource-graph-topology.ts): a target, prefix or cluster found
   * there is not read from ARM again. Whatever it lacks is read from ARM as before.
   */
  prefetched?: GraphPrefetch;
}

/** One answer per target ID, in input order. */
export async function readTopology(targetIds: readonly string[], options: ReadTopologyOptions): Promise<TargetRead<TargetTopology>[]> {
  const reader = new TopologyReader(options, parseSurge(options.defaultSurge));
  return mapConcurrent(targetIds, options.concurrency ?? 16, (id) => reader.read(id));
}

class TopologyReader {
  private readonly prefixes = new Map<string, Promise<number>>();
  private readonly clusters = new Map<string, Promise<ManagedCluster[] | { unreadable: string }>>();

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
    const lb = (this.options.prefetched?.targets.get(id.toLowerCase()) as LoadBalancer | undefined) ??
      (await this.arm((abortSignal) => this.options.clients.network(subscriptionId).loadBalancers.get(resourceGroup, name, { abortSignal })));
    const shape = loadBalancerShape(lb);
    const unreadablePrefixes: TopologyNote[] = [];
    const sizes = new Map(await Promise.all(shape.prefixIds.map(async (prefixId) => {
      // An own prefix may live where the identity cannot read (Reader on the node resource group only):
      // count it as the smallest prefix and say so, rather than lose the whole load balancer.
      const size = await this.prefixSize(prefixId).catch((error: unknown) => {
        unreadablePrefixes.push(prefixUnreadableNote(prefixId, unreadableReason(error)));
        return SMALLEST_PREFIX_SIZE;
      });
      return [prefixId.toLowerCase(), size] as const;
    })));
    const facts = { ...shape.build(sizes), ...(unreadablePrefixes.length > 0 ? { notes: unreadablePrefixes } : {}) };
    if (lb.name?.toLowerCase() !== 'kubernetes') return { ...facts, aks: null };
    const named = { ...facts, ...(await this.nodeNames(shape.ipConfigurationIds)) };
    // The cluster only enriches the LB: failing to read it never fails the target. It is said once,
    // as a note on the target, and the plan names what it assumes instead.
    const found = await this.cluster(subscriptionId, resourceGroup, facts.location);
    if (found === null) return { ...named, aks: null };
    if ('unreadable' in found) {
      const aks = aksContextFromLoadBalancer(facts, this.defaultSurge);
      return { ...named, aks, notes: [clusterUnreadableNote(aks, found.unreadable, this.options.defaultSurge), ...unreadablePrefixes] };
    }
    return { ...named, aks: aksContextFromCluster(found, this.defaultSurge) };
  }

  /**
   * Node names of the scale set instances in the pool (node-names.ts). They only label the nodes: a
   * scale set the identity may not list leaves the IPs unnamed, never fails the load balancer.
   */
  private async nodeNames(ipConfigurationIds: readonly string[]): Promise<{ nodeNames?: Record<string, string> }> {
    const scaleSets = scaleSetsOf(ipConfigurationIds);
    if (scaleSets.length === 0) return {};
    const names = await this.arm((abortSignal) => readNodeNames(this.options.clients, scaleSets, { abortSignal })).catch(() => null);
    return names && Object.keys(names).length > 0 ? { nodeNames: names } : {};
  }

  private async natGateway(id: string): Promise<NatGatewayTopology> {
    const { subscriptionId, resourceGroup, name } = parseResourceId(id);
    const gateway = (this.options.prefetched?.targets.get(id.toLowerCase()) as NatGateway | undefined) ??
      (await this.arm((abortSignal) => this.options.clients.network(subscriptionId).natGateways.get(resourceGroup, name, { abortSignal })));
    const addresses = async (ips: SubResource[] | undefined, prefixes: SubResource[] | undefined) => {
      const sizes = await Promise.all((prefixes ?? []).flatMap((ref) => (ref.id ? [this.prefixSize(ref.id)] : [])));
      return (ips ?? []).length + sizes.reduce((sum, size) => sum + size, 0);
    };
    const cluster = await this.natGatewayCluster(subscriptionId, resourceGroup, gateway.location ?? '', (gateway.subnets ?? []).flatMap((ref) => (ref.id ? [ref.id] : [])));
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
      ...tagsOf(gateway.tags),
      ...(cluster ? { cluster } : {}),
    };
  }

  /**
   * The AKS cluster egressing through a NAT gateway: a managed NAT gateway sits in the cluster's node
   * resource group; a user-assigned one is attached to the subnet of the cluster's node pools
   * (https://learn.microsoft.com/azure/aks/nat-gateway). Only names and tags: never fails the gateway.
   */
  private async natGatewayCluster(subscriptionId: string, resourceGroup: string, location: string, subnetIds: readonly string[]): Promise<ClusterRef | null> {
    const subnets = new Set(subnetIds.map((id) => id.toLowerCase()));
    const listed = await this.clusterList(subscriptionId);
    const bySubnet = Array.isArray(listed)
      ? listed.find((cluster) => (cluster.agentPoolProfiles ?? []).some((pool) => subnets.has(pool.vnetSubnetID?.toLowerCase() ?? '')))
      : undefined;
    const found = bySubnet ?? (await this.cluster(subscriptionId, resourceGroup, location));
    if (found && !('unreadable' in found)) {
      const id = found.id ?? '';
      return { id, name: found.name ?? '', resourceGroup: /\/resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? '', ...(found.tags ? { tags: { ...found.tags } } : {}) };
    }
    // Unreadable: the node resource group's name still names the cluster when it splits one way only.
    const guessed = found ? uniqueClusterName(resourceGroup, location) : null;
    return guessed ? { id: null, name: guessed.clusterName, resourceGroup: guessed.resourceGroup } : null;
  }

  /** Addresses in a public IP prefix (2^(32 − prefixLength)), read once per run. */
  private prefixSize(prefixId: string): Promise<number> {
    const cacheKey = prefixId.toLowerCase();
    let size = this.prefixes.get(cacheKey);
    if (!size) {
      const { subscriptionId, resourceGroup, name } = parseResourceId(prefixId);
      const prefetched = this.options.prefetched?.prefixes.get(cacheKey);
      const read = prefetched ? Promise.resolve(prefetched) : this.arm((abortSignal) => this.options.clients.network(subscriptionId).publicIPPrefixes.get(resourceGroup, name, { abortSignal }));
      size = read.then((prefix) =>
        // An IPv6 prefix (/124 on a StandardV2 NAT gateway) holds 2^(128 − length) addresses.
        prefix.publicIPAddressVersion === 'IPv6' ? 2 ** (128 - (prefix.prefixLength ?? 128)) : prefixSize(prefix.prefixLength));
      this.prefixes.set(cacheKey, size);
    }
    return size;
  }

  /**
   * The cluster whose node resource group holds this `kubernetes` LB; null when none; why not when
   * unreadable. The subscription's list comes first (one call for every LB); an identity with Reader
   * on resource groups only gets 403 there, so the cluster named by `MC_{group}_{cluster}_{location}`
   * is then asked for directly (GET), and its 403 is what the note says.
   */
  private async cluster(subscriptionId: string, nodeResourceGroup: string, location: string): Promise<ManagedCluster | { unreadable: string } | null> {
    // Resource Graph only shows what the identity may read: a cluster missing there is asked of ARM, which says why.
    const prefetched = this.options.prefetched?.clustersByNodeGroup.get(nodeResourceGroup.toLowerCase());
    if (prefetched) return prefetched;
    const listed = await this.clusterList(subscriptionId);
    const ownsNodeGroup = (candidate: ManagedCluster) => candidate.nodeResourceGroup?.toLowerCase() === nodeResourceGroup.toLowerCase();
    if (Array.isArray(listed)) return listed.find(ownsNodeGroup) ?? null;
    let reason = listed.unreadable;
    for (const { resourceGroup, clusterName } of clusterNameCandidates(nodeResourceGroup, location).slice(0, MAX_CLUSTER_GUESSES)) {
      try {
        const cluster = await this.arm(() => this.options.clients.containerService(subscriptionId).managedClusters.get(resourceGroup, clusterName));
        if (ownsNodeGroup(cluster)) return cluster;
      } catch (error) {
        if (toReadError('', error).kind !== 'not-found') reason = unreadableReason(error);
      }
    }
    return { unreadable: reason };
  }

  /** The subscription's clusters, listed once per run; why not when the identity may not list them. */
  private clusterList(subscriptionId: string): Promise<ManagedCluster[] | { unreadable: string }> {
    const cacheKey = subscriptionId.toLowerCase();
    let clusters = this.clusters.get(cacheKey);
    if (!clusters) {
      clusters = this.arm(async (abortSignal) => {
        const all: ManagedCluster[] = [];
        for await (const cluster of this.options.clients.containerService(subscriptionId).managedClusters.list({ abortSignal })) all.push(cluster);
        return all;
      }).catch((error: unknown) => ({ unreadable: unreadableReason(error) }));
      this.clusters.set(cacheKey, clusters);
    }
    return clusters;
  }

  /** One ARM read under the retry policy and the caller's deadline (RetryOptions.deadline). */
  private arm<T>(operation: (abortSignal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    return withRetry(operation, this.options.retry);
  }
}

/** The resource's Azure tags when it has any (routing reads `snat-watch-channel`); absent otherwise. */
export function tagsOf(tags: Record<string, string> | undefined): { tags?: Record<string, string> } {
  return tags && Object.keys(tags).length > 0 ? { tags: { ...tags } } : {};
}

/** "HTTP 403 AuthorizationFailed" — the status and Azure's code, never the whole message (it names the identity). */
function unreadableReason(error: unknown): string {
  const { statusCode, message } = toReadError('', error);
  const code = /^(\w+):/.exec(message)?.[1] ?? /^(\w+)\b/.exec(message)?.[1] ?? 'error';
  return statusCode === null ? code : `HTTP ${statusCode} ${code}`;
}

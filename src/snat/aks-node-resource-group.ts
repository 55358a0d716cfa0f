// AKS puts a cluster's infrastructure (its `kubernetes` load balancer, a managed NAT gateway, their
// public IPs) in a node resource group it names `MC_{resourceGroup}_{cluster}_{location}` unless told
// otherwise. What lives there is AKS's: it changes through `az aks`, never directly
// (https://learn.microsoft.com/azure/aks/configure-load-balancer-standard — direct changes "are removed
// whenever the cluster is reconciled"). Both names may hold underscores, so every split is a candidate.
// The naming: Azure/AKS issues #3 and #179.

export interface ClusterName {
  resourceGroup: string;
  clusterName: string;
}

/** Every (resource group, cluster) split of an `MC_…_{location}` name; none for any other name. */
export function clusterNameCandidates(nodeResourceGroup: string, location: string): ClusterName[] {
  const region = location.replace(/\W/g, '');
  if (!region) return [];
  const match = new RegExp(`^MC_(.+)_${region}$`, 'i').exec(nodeResourceGroup);
  const parts = match?.[1]?.split('_') ?? [];
  return parts.slice(1).map((_, index) => ({
    resourceGroup: parts.slice(0, index + 1).join('_'),
    clusterName: parts.slice(index + 1).join('_'),
  }));
}

/** Whether a resource group looks like an AKS node resource group. */
export function isAksNodeResourceGroup(resourceGroup: string, location: string): boolean {
  return clusterNameCandidates(resourceGroup, location).length > 0;
}

/** The cluster an `MC_…` name names, when only one split is possible. */
export function uniqueClusterName(nodeResourceGroup: string, location: string): ClusterName | null {
  const candidates = clusterNameCandidates(nodeResourceGroup, location);
  return candidates.length === 1 ? candidates[0]! : null;
}

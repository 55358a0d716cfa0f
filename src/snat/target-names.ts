// The names people use for a target. Every AKS cluster's load balancer is called `kubernetes`, so a
// target that belongs to a cluster is named by the cluster first: "aks-shop-prod · load balancer
// kubernetes". Pure: read from the topology (or a snapshot's copy of it).
import type { TargetTopology } from './model.js';

/** The AKS cluster a target belongs to; `id` is null when the cluster was unreadable and its name comes from the node resource group's. */
export interface TargetCluster {
  name: string;
  id: string | null;
}

export const KIND_LABEL = { loadBalancer: 'load balancer', natGateway: 'NAT gateway' } as const;

export function clusterOf(topology: TargetTopology | null | undefined): TargetCluster | null {
  if (!topology) return null;
  const ref = topology.kind === 'loadBalancer'
    ? topology.aks && { name: topology.aks.clusterName, id: topology.aks.clusterId }
    : topology.cluster && { name: topology.cluster.name, id: topology.cluster.id };
  // A placeholder (`$CLUSTER_NAME`, when not even the node resource group's name tells) names nothing.
  return ref && ref.name && !ref.name.startsWith('$') ? { name: ref.name, id: ref.id ?? null } : null;
}

/** The cluster worth naming before the target: none when the target already carries the cluster's name. */
export function namedCluster(target: { name: string }, cluster: TargetCluster | null | undefined): TargetCluster | null {
  return cluster && cluster.name.toLowerCase() !== target.name.toLowerCase() ? cluster : null;
}

/** "aks-shop-prod · load balancer kubernetes", or "load balancer lb-edge" outside a cluster. */
export function targetDisplayName(target: { name: string; kind: keyof typeof KIND_LABEL }, cluster: TargetCluster | null): string {
  const label = `${KIND_LABEL[target.kind]} ${target.name}`;
  const named = namedCluster(target, cluster);
  return named ? `${named.name} · ${label}` : label;
}

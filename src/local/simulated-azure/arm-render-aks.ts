// ARM JSON of an AKS managed cluster, shaped like Microsoft's ManagedClustersGet example
// (../shared/azure-api-examples/aks): agent pools with autoscaler bounds and upgrade surge, the
// network profile with its load balancer profile (managed count, own IPs or own prefixes), the node
// subnets of a custom VNet, and the node resource group.
import type { SimManagedCluster } from './world-types.js';

export function renderManagedCluster(cluster: SimManagedCluster): object {
  const profile = cluster.loadBalancerProfile;
  return {
    name: cluster.name,
    id: cluster.id,
    type: 'Microsoft.ContainerService/ManagedClusters',
    location: cluster.location,
    ...(cluster.tags ? { tags: { ...cluster.tags } } : {}),
    eTag: 'beywbwei',
    sku: { name: 'Base', tier: 'Standard' },
    properties: {
      provisioningState: 'Succeeded',
      powerState: { code: 'Running' },
      kubernetesVersion: cluster.kubernetesVersion,
      currentKubernetesVersion: cluster.kubernetesVersion,
      dnsPrefix: cluster.name,
      fqdn: `${cluster.name}-dns-abcd1234.hcp.${cluster.location}.azmk8s.io`,
      agentPoolProfiles: cluster.agentPools.map((pool) => ({
        name: pool.name,
        count: pool.count,
        vmSize: pool.vmSize,
        osType: 'Linux',
        mode: pool.mode,
        type: 'VirtualMachineScaleSets',
        enableAutoScaling: pool.enableAutoScaling,
        ...(pool.minCount !== undefined ? { minCount: pool.minCount } : {}),
        ...(pool.maxCount !== undefined ? { maxCount: pool.maxCount } : {}),
        ...(pool.maxSurge !== undefined ? { upgradeSettings: { maxSurge: pool.maxSurge } } : {}),
        ...(pool.vnetSubnetId !== undefined ? { vnetSubnetID: pool.vnetSubnetId } : {}),
        orchestratorVersion: cluster.kubernetesVersion,
        provisioningState: 'Succeeded',
        powerState: { code: 'Running' },
      })),
      nodeResourceGroup: cluster.nodeResourceGroup,
      enableRBAC: true,
      networkProfile: {
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        loadBalancerSku: 'standard',
        outboundType: cluster.outboundType,
        podCidr: '10.244.0.0/16',
        serviceCidr: '10.0.0.0/16',
        dnsServiceIP: '10.0.0.10',
        ...(profile
          ? {
              loadBalancerProfile: {
                ...(profile.managedOutboundIps !== null ? { managedOutboundIPs: { count: profile.managedOutboundIps } } : {}),
                // Own IPs and prefixes as ManagedClustersGet shows them: lists of resource references.
                ...(profile.outboundIpIds?.length ? { outboundIPs: { publicIPs: profile.outboundIpIds.map((id) => ({ id })) } } : {}),
                ...(profile.outboundIpPrefixIds?.length ? { outboundIPPrefixes: { publicIPPrefixes: profile.outboundIpPrefixIds.map((id) => ({ id })) } } : {}),
                effectiveOutboundIPs: profile.effectiveOutboundIpIds.map((id) => ({ id })),
                allocatedOutboundPorts: profile.allocatedOutboundPorts,
                idleTimeoutInMinutes: profile.idleTimeoutInMinutes,
              },
            }
          : {}),
      },
    },
  };
}

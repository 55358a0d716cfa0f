import type { ManagedCluster } from '@azure/arm-containerservice';
import { describe, expect, it } from 'vitest';
import { aksContextFromCluster, parseSurge, surgeNodes } from '../../src/azure/aks-context.js';

const TEN_PERCENT = parseSurge('10%');

function cluster(pools: NonNullable<ManagedCluster['agentPoolProfiles']>, network: ManagedCluster['networkProfile'] = {}): ManagedCluster {
  return {
    location: 'eastus',
    id: '/subscriptions/s1/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/prod',
    name: 'prod',
    agentPoolProfiles: pools,
    networkProfile: network,
  };
}

describe('surgeNodes', () => {
  it.each([
    { name: 'absolute', surge: '3', count: 20, nodes: 3 },
    { name: 'percent rounds up', surge: '33%', count: 10, nodes: 4 },
    { name: '10% of 5 is 1, not 0', surge: '10%', count: 5, nodes: 1 },
    { name: 'zero percent', surge: '0%', count: 10, nodes: 0 },
    { name: '100% doubles', surge: '100%', count: 7, nodes: 7 },
    { name: 'empty pool', surge: '50%', count: 0, nodes: 0 },
  ])('should add $nodes nodes for maxSurge $surge on $count nodes ($name)', ({ surge, count, nodes }) => {
    expect(surgeNodes(parseSurge(surge), count)).toBe(nodes);
  });
});

describe('parseSurge', () => {
  it.each([{ name: 'empty', value: '' }, { name: 'negative', value: '-1' }, { name: 'words', value: 'ten percent' }, { name: 'decimal', value: '1.5' }])(
    'should reject a maxSurge that is $name',
    ({ value }) => {
      expect(() => parseSurge(value)).toThrow(RangeError);
    },
  );
});

describe('aksContextFromCluster', () => {
  it('should sum autoscaler max (else count), and surge per pool on its max, rounded up', () => {
    const context = aksContextFromCluster(
      cluster(
        [
          { name: 'system', count: 3, upgradeSettings: { maxSurge: '1' } },
          { name: 'apps', count: 20, enableAutoScaling: true, maxCount: 60, upgradeSettings: { maxSurge: '33%' } },
          { name: 'spot', count: 4, enableAutoScaling: true },
          { name: 'batch', count: 5 },
        ],
        { outboundType: 'loadBalancer', loadBalancerProfile: { managedOutboundIPs: { count: 3 }, allocatedOutboundPorts: 4000 } },
      ),
      TEN_PERCENT,
    );
    expect(context).toMatchObject({
      clusterId: '/subscriptions/s1/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/prod',
      clusterName: 'prod',
      resourceGroup: 'rg-aks',
      maxNodes: 3 + 60 + 4 + 5,
      // 33% of the apps pool's max 60 is 19.8 → 20 (on today's 20 nodes it would be 7).
      surgeNodes: 1 + 20 + 1 + 1,
      outboundType: 'loadBalancer',
      managedOutboundIps: 3,
      outboundIps: { kind: 'managed', count: 3 },
      allocatedOutboundPorts: 4000,
      vnetSubnetIds: [],
    });
  });

  it('should round each pool up on its own: three pools of max 5 at 10% surge 3 nodes, not 2', () => {
    const pools = ['a', 'b', 'c'].map((name) => ({ name, count: 2, enableAutoScaling: true, maxCount: 5, upgradeSettings: { maxSurge: '10%' } }));
    expect(aksContextFromCluster(cluster(pools), TEN_PERCENT)).toMatchObject({ maxNodes: 15, surgeNodes: 3 });
  });

  it.each([
    { name: 'own public IPs', profile: { outboundIPs: { publicIPs: [{ id: '/subscriptions/s1/resourceGroups/rg-egress/providers/Microsoft.Network/publicIPAddresses/ip1' }] } }, kind: 'publicIps' },
    { name: 'own prefixes', profile: { outboundIPPrefixes: { publicIPPrefixes: [{ id: '/subscriptions/s1/resourceGroups/rg-egress/providers/Microsoft.Network/publicIPPrefixes/p1' }] } }, kind: 'prefixes' },
  ])('should keep the IDs of $name', ({ profile, kind }) => {
    const context = aksContextFromCluster(cluster([{ name: 'apps', count: 2 }], { outboundType: 'loadBalancer', loadBalancerProfile: profile }), TEN_PERCENT);
    expect(context.outboundIps).toEqual({ kind, ids: [expect.stringMatching(/\/(ip1|p1)$/)] });
  });

  it('should read a custom VNet from the pools’ vnetSubnetID, once per subnet', () => {
    const subnet = '/subscriptions/s1/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub/subnets/nodes';
    const context = aksContextFromCluster(cluster([{ name: 'a', count: 2, vnetSubnetID: subnet }, { name: 'b', count: 2, vnetSubnetID: subnet }]), TEN_PERCENT);
    expect(context.vnetSubnetIds).toEqual([subnet]);
  });

  it.each([
    { name: 'unset', maxSurge: undefined, fallback: '10%', nodes: 2 },
    { name: 'garbage', maxSurge: 'lots', fallback: '10%', nodes: 2 },
    { name: 'unset with an absolute default', maxSurge: undefined, fallback: '1', nodes: 1 },
  ])('should use the configured default surge when a pool’s maxSurge is $name', ({ maxSurge, fallback, nodes }) => {
    const context = aksContextFromCluster(cluster([{ name: 'apps', count: 12, ...(maxSurge ? { upgradeSettings: { maxSurge } } : {}) }]), parseSurge(fallback));
    expect(context.surgeNodes).toBe(nodes);
  });

  it('should read a NAT gateway cluster as "no load balancer IPs" and default ports as 0', () => {
    const context = aksContextFromCluster(cluster([{ name: 'apps', count: 2 }], { outboundType: 'userAssignedNATGateway' }), TEN_PERCENT);
    expect(context).toMatchObject({ outboundType: 'userAssignedNATGateway', managedOutboundIps: null, outboundIps: null, allocatedOutboundPorts: 0 });
  });
});

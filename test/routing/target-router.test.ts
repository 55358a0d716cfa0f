import { describe, expect, it } from 'vitest';
import { createTargetRouter } from '../../src/routing/target-router.js';
import type { LoadBalancerTopology } from '../../src/snat/model.js';

const id = '/subscriptions/s1/resourceGroups/MC_rg_aks-shop_eastus/providers/Microsoft.Network/loadBalancers/kubernetes';
const target = { id, name: 'kubernetes', kind: 'loadBalancer' as const };
const topology = (tags: Record<string, string>, clusterTags?: Record<string, string>) =>
  ({
    kind: 'loadBalancer', id, name: 'kubernetes', subscriptionId: 's1', resourceGroup: 'MC_rg_aks-shop_eastus', location: 'eastus', tags,
    frontendIps: 1, backendPoolSize: 3, backendIps: [], outboundRule: null,
    aks: { clusterId: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-shop', clusterName: 'aks-shop', resourceGroup: 'rg', maxNodes: 3, surgeNodes: 1, outboundType: 'loadBalancer', managedOutboundIps: 1, allocatedOutboundPorts: 0, ...(clusterTags ? { tags: clusterTags } : {}) },
  }) satisfies LoadBalancerTopology;

describe('createTargetRouter', () => {
  it('should warn once per target and tag value about a tag it cannot use, naming the cluster, and again when the value changes', () => {
    const warnings: string[] = [];
    const router = createTargetRouter({ mode: 'webhook', rules: [], webhookSettings: ['SLACK_WEBHOOK_URL_SHOP'] }, { warn: (line) => warnings.push(line) });
    for (let run = 0; run < 3; run++) expect(router.routeFor(target, topology({ 'snat-watch-channel': 'team-shop' })).route).toBeNull();
    expect(warnings).toEqual(['Routing: the snat-watch-channel tag "team-shop" on aks-shop · load balancer kubernetes names no webhook setting that is set (SLACK_WEBHOOK_URL_SHOP); its alerts and digest go to the default channel.']);
    router.routeFor(target, topology({ 'snat-watch-channel': 'team-shop-2' }));
    expect(warnings).toHaveLength(2);
  });

  it('should take the cluster’s tag when the load balancer’s cannot be used', () => {
    const router = createTargetRouter({ mode: 'app', rules: [], webhookSettings: [] }, { warn: () => {} });
    expect(router.routeFor(target, topology({ 'snat-watch-channel': 'Team Shop' }, { 'snat-watch-channel': 'C0SHOPONCALL' }))).toMatchObject({ route: 'C0SHOPONCALL', source: 'cluster-tag' });
  });

  it('should route a target whose topology could not be read by its ID alone', () => {
    const router = createTargetRouter({ mode: 'app', rules: [{ match: { resourceGroup: 'MC_rg_*' }, route: 'aks-teams' }], webhookSettings: [] });
    expect(router.routeFor(target, null)).toMatchObject({ route: 'aks-teams', source: 'rule', rule: 0 });
  });
});

// The names people use, end to end: the AKS cluster named before its `kubernetes` load balancer, and
// each node by its Kubernetes node name, resolved from the scale set's network interfaces that the
// simulated Azure serves.
import { afterEach, describe, expect, it } from 'vitest';
import { addAksCluster, addNatGateway } from '../../src/local/simulated-azure/world-builders.js';
import { startWatchHarness, type WatchHarness } from '../support/watch-harness.js';

const SUBSCRIPTION = '0b7e3c1a-5d2f-4e8b-9a6c-1f2e3d4c5b6d';

let harness: WatchHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('runWatch names', () => {
  it('should name the cluster in the alert header and the hot node by its node name beside its IP, with live-page and portal links', async () => {
    let hotIp = '';
    let id = '';
    harness = await startWatchHarness((world) => {
      const { loadBalancer } = addAksCluster(world, {
        subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-shop', name: 'aks-shop-prod', nodes: 4,
        metrics: (node) => () => (node.index === 3 ? { used: 1_020, newConnections: 90, failed: 12 } : { used: 100, newConnections: 10, failed: 0 }),
      });
      hotIp = loadBalancer.nodes[3]!.privateIp;
      return [(id = loadBalancer.id)];
    }, { SNAT_FOR_MINUTES: '1', SNAT_PUBLIC_URL: 'https://func-snat.azurewebsites.net/' });

    for (let run = 0; run < 2; run++) await harness.watch();

    const [message] = harness.slack.delivered() as Array<{ text: string; blocks: Array<{ type: string; text?: { text: string }; elements?: Array<{ url?: string }> }> }>;
    expect(message!.blocks[0]!.text!.text).toMatch(/SNAT ports running out on aks-shop-prod · load balancer kubernetes$/);
    expect(message!.text).toContain('aks-shop-prod · load balancer kubernetes');
    // Instance 3 of aks-nodepool1-12345678-vmss: its computer name ends in the instance ID in base 36.
    expect(JSON.stringify(message)).toContain(`${hotIp} (aks-nodepool1-12345678-vmss000003)`);
    const urls = message!.blocks.filter((block) => block.type === 'actions').flatMap((block) => block.elements!.map((element) => element.url));
    expect(urls).toEqual([`https://func-snat.azurewebsites.net/api/recommendations/view?target=${encodeURIComponent(id)}`, `https://portal.azure.com/#@/resource${id}`]);
  });

  it('should name the AKS cluster of a NAT gateway attached to its node subnet', async () => {
    harness = await startWatchHarness((world) => {
      const gateway = addNatGateway(world, { subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-net', name: 'nat-egress', metrics: () => ({ attempted: 500, failed: 40, active: 1_000 }) });
      addAksCluster(world, { subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-shop', name: 'aks-shop-prod', nodes: 2, vnetSubnetId: gateway.subnetIds[0]! });
      return [gateway.id];
    }, { SNAT_FOR_MINUTES: '1' });

    for (let run = 0; run < 2; run++) await harness.watch();

    const [message] = harness.slack.delivered() as Array<{ blocks: Array<{ text?: { text: string } }> }>;
    expect(message!.blocks[0]!.text!.text).toContain('aks-shop-prod · NAT gateway nat-egress');
  });
});

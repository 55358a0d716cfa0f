import { describe, expect, it } from 'vitest';
import { discoverTargets, discoverTargetsFromGraph } from '../../src/azure/discovery.js';
import { addAksCluster, addLoadBalancer, addNatGateway } from '../../src/local/simulated-azure/world-builders.js';
import { SimulatedWorld } from '../../src/local/simulated-azure/world.js';
import { azureClientsFor, fastRetry, useSimulatedAzure } from '../support/simulated-azure.js';

const SUB_A = '00000000-0000-0000-0000-0000000000c1';
const SUB_B = '00000000-0000-0000-0000-0000000000c2';

describe('discoverTargets', () => {
  it('should find every Standard LB doing outbound SNAT and every NAT gateway, and nothing else', async () => {
    const world = new SimulatedWorld();
    const aks = addAksCluster(world, { subscriptionId: SUB_A, resourceGroup: 'rg', name: 'aks', nodes: 3 }).loadBalancer;
    const withRule = addLoadBalancer(world, { subscriptionId: SUB_A, resourceGroup: 'rg', name: 'outbound-rule', nodes: 2 });
    const viaLbRule = addLoadBalancer(world, { subscriptionId: SUB_A, resourceGroup: 'rg', name: 'lb-rule-snat', nodes: 2, outboundRule: null });
    addLoadBalancer(world, { subscriptionId: SUB_A, resourceGroup: 'rg', name: 'internal', nodes: 2, outboundIps: 0, outboundRule: null });
    addLoadBalancer(world, { subscriptionId: SUB_A, resourceGroup: 'rg', name: 'basic', nodes: 2, sku: 'Basic' });
    const gateway = addNatGateway(world, { subscriptionId: SUB_A, resourceGroup: 'rg', name: 'nat' });
    const azure = await useSimulatedAzure(world);

    const result = await discoverTargets([SUB_A], { clients: azureClientsFor(azure) });
    expect(result).toEqual({ targetIds: [aks.id, withRule.id, viaLbRule.id, gateway.id], errors: [] });
  });

  it('should follow nextLink pages across large subscriptions', async () => {
    const world = new SimulatedWorld();
    const ids = Array.from({ length: 45 }, (_, i) => addLoadBalancer(world, { subscriptionId: SUB_A, resourceGroup: 'rg', name: `lb-${i}`, nodes: 1 }).id);
    const azure = await useSimulatedAzure(world);

    const result = await discoverTargets([SUB_A], { clients: azureClientsFor(azure) });
    expect(result.targetIds).toEqual(ids);
    expect(azure.requests.of('arm', (r) => r.path.endsWith('/loadBalancers'))).toHaveLength(3);
  });

  it('should report a subscription it may not list and still discover the others', async () => {
    const world = new SimulatedWorld();
    const visible = addNatGateway(world, { subscriptionId: SUB_B, resourceGroup: 'rg', name: 'nat' });
    addNatGateway(world, { subscriptionId: SUB_A, resourceGroup: 'rg', name: 'hidden' });
    const azure = await useSimulatedAzure(world);
    azure.faults.inject({ route: 'arm', pathIncludes: SUB_A, status: 403 });

    const result = await discoverTargets([SUB_A, SUB_B], { clients: azureClientsFor(azure), retry: fastRetry() });
    expect(result.targetIds).toEqual([visible.id]);
    expect(result.errors).toEqual([
      { subscriptionId: SUB_A, kind: 'forbidden', message: expect.stringContaining('AuthorizationFailed') },
      { subscriptionId: SUB_A, kind: 'forbidden', message: expect.stringContaining('AuthorizationFailed') },
    ]);
  });

  it('should report an unknown subscription as not found', async () => {
    const azure = await useSimulatedAzure(new SimulatedWorld());

    const result = await discoverTargets([SUB_B], { clients: azureClientsFor(azure) });
    expect(result.targetIds).toEqual([]);
    expect(result.errors.map((error) => error.kind)).toEqual(['not-found', 'not-found']);
  });
});

describe('discoverTargetsFromGraph', () => {
  it('should find what the ARM listings find, across subscriptions, in one query', async () => {
    const world = new SimulatedWorld();
    addAksCluster(world, { subscriptionId: SUB_A, resourceGroup: 'rg', name: 'aks', nodes: 3 });
    addLoadBalancer(world, { subscriptionId: SUB_A, resourceGroup: 'rg', name: 'outbound-rule', nodes: 2 });
    addLoadBalancer(world, { subscriptionId: SUB_B, resourceGroup: 'rg', name: 'lb-rule-snat', nodes: 2, outboundRule: null });
    addLoadBalancer(world, { subscriptionId: SUB_A, resourceGroup: 'rg', name: 'internal', nodes: 2, outboundIps: 0, outboundRule: null });
    addLoadBalancer(world, { subscriptionId: SUB_B, resourceGroup: 'rg', name: 'basic', nodes: 2, sku: 'Basic' });
    addNatGateway(world, { subscriptionId: SUB_A, resourceGroup: 'rg', name: 'nat' });
    addNatGateway(world, { subscriptionId: SUB_B, resourceGroup: 'rg', name: 'nat-b' });
    const azure = await useSimulatedAzure(world);
    const fromArm = await discoverTargets([SUB_A, SUB_B], { clients: azureClientsFor(azure) });
    azure.requests.clear();

    const fromGraph = await discoverTargetsFromGraph([SUB_A, SUB_B], { clients: azureClientsFor(azure) });

    expect(fromGraph.errors).toEqual([]);
    expect([...fromGraph.targetIds].sort()).toEqual([...fromArm.targetIds].sort());
    expect(fromGraph.targetIds).toHaveLength(5);
    // Per subscription in the order given, load balancers before NAT gateways.
    expect(fromGraph.targetIds.map((id) => `${id.includes(SUB_A) ? 'A' : 'B'}:${id.includes('/natGateways/') ? 'nat' : 'lb'}`)).toEqual(['A:lb', 'A:lb', 'A:nat', 'B:lb', 'B:nat']);
    expect(azure.requests.entries.filter((r) => r.route !== 'token').map((r) => r.route)).toEqual(['resourceGraph']);
  });

  it('should page at 1,000 rows, and fewer when asked', async () => {
    const world = new SimulatedWorld();
    const ids = Array.from({ length: 7 }, (_, i) => addLoadBalancer(world, { subscriptionId: SUB_A, resourceGroup: 'rg', name: `lb-${i}`, nodes: 1 }).id);
    const azure = await useSimulatedAzure(world);

    const result = await discoverTargetsFromGraph([SUB_A], { clients: azureClientsFor(azure), pageSize: 3 });
    expect([...result.targetIds].sort()).toEqual([...ids].sort());
    expect(azure.requests.of('resourceGraph')).toHaveLength(3);
  });

  it('should leave out, as Resource Graph does, a subscription the identity may not read', async () => {
    const world = new SimulatedWorld();
    const visible = addNatGateway(world, { subscriptionId: SUB_B, resourceGroup: 'rg', name: 'nat' });
    addNatGateway(world, { subscriptionId: SUB_A, resourceGroup: 'rg', name: 'hidden' });
    const azure = await useSimulatedAzure(world);
    azure.faults.inject({ route: 'arm', pathIncludes: SUB_A, status: 403 });

    const result = await discoverTargetsFromGraph([SUB_A, SUB_B], { clients: azureClientsFor(azure) });
    expect(result).toEqual({ targetIds: [visible.id], errors: [] });
  });

  it('should report every subscription asked about when the query fails', async () => {
    const azure = await useSimulatedAzure(new SimulatedWorld());
    azure.faults.inject({ route: 'resourceGraph', status: 503 });

    const result = await discoverTargetsFromGraph([SUB_A, SUB_B], { clients: azureClientsFor(azure), retry: fastRetry() });
    expect(result.targetIds).toEqual([]);
    expect(result.errors).toEqual([SUB_A, SUB_B].map((subscriptionId) => ({ subscriptionId, kind: 'throttled', message: expect.stringContaining('ServiceUnavailable') })));
  });
});

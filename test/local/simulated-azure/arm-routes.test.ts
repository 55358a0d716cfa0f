import { describe, expect, it } from 'vitest';
import { addAksCluster, addLoadBalancer, addNatGateway } from '../../../src/local/simulated-azure/world-builders.js';
import { SimulatedWorld } from '../../../src/local/simulated-azure/world.js';
import { bearerFor, useSimulatedAzure } from '../../support/simulated-azure.js';

const SUB = '00000000-0000-0000-0000-0000000000e1';
const API = 'api-version=2025-05-01';

async function armGet(path: string, world: SimulatedWorld, rawPath = false) {
  const azure = await useSimulatedAzure(world);
  const url = rawPath ? `${azure.url}${path}` : `${azure.url}${path}${path.includes('?') ? '&' : '?'}${API}`;
  const response = await fetch(url, { headers: { authorization: await bearerFor(azure, 'https://management.azure.com') } });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('simulated ARM', () => {
  it('should serve an AKS load balancer in the shape ARM does', async () => {
    const world = new SimulatedWorld();
    const { loadBalancer } = addAksCluster(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'aks', nodes: 4, managedOutboundIps: 2 });

    const { status, body } = await armGet(loadBalancer.id, world);
    expect(status).toBe(200);
    expect(body).toMatchObject({ name: 'kubernetes', id: loadBalancer.id, type: 'Microsoft.Network/loadBalancers', location: 'eastus', sku: { name: 'Standard' } });
    const props = body.properties;
    expect(props.frontendIPConfigurations).toHaveLength(2);
    expect(props.frontendIPConfigurations[0].properties.publicIPAddress.id).toMatch(/publicIPAddresses\//);
    expect(props.outboundRules[0]).toMatchObject({ name: 'aksOutboundRule', properties: { allocatedOutboundPorts: 0, protocol: 'All', enableTcpReset: true, idleTimeoutInMinutes: 30 } });
    expect(props.outboundRules[0].properties.backendAddressPool.id).toMatch(/backendAddressPools\/aksOutboundBackendPool$/);
    const pool = props.backendAddressPools.find((p: { name: string }) => p.name === 'aksOutboundBackendPool');
    expect(pool.properties.backendIPConfigurations).toHaveLength(4);
    expect(pool.properties.backendIPConfigurations[0].id).toMatch(/virtualMachineScaleSets\/aks-nodepool1-12345678-vmss\/virtualMachines\/0\/networkInterfaces\//);
  });

  it('should serve the cluster with node pools, network profile and node resource group', async () => {
    const world = new SimulatedWorld();
    const { cluster } = addAksCluster(world, {
      subscriptionId: SUB, resourceGroup: 'rg', name: 'aks', allocatedOutboundPorts: 4000,
      pools: [{ name: 'apps', count: 6, enableAutoScaling: true, minCount: 3, maxCount: 30, maxSurge: '33%' }],
    });

    const { body } = await armGet(cluster.id, world);
    expect(body.properties).toMatchObject({
      nodeResourceGroup: 'MC_rg_aks_eastus',
      agentPoolProfiles: [{ name: 'apps', count: 6, enableAutoScaling: true, minCount: 3, maxCount: 30, upgradeSettings: { maxSurge: '33%' } }],
      networkProfile: { outboundType: 'loadBalancer', loadBalancerProfile: { managedOutboundIPs: { count: 1 }, allocatedOutboundPorts: 4000 } },
    });
  });

  it('should tolerate the doubled leading slash some SDK clients send', async () => {
    const world = new SimulatedWorld();
    const gateway = addNatGateway(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'nat', publicIpPrefixLengths: [31] });

    const { status, body } = await armGet(`/${gateway.id}`, world);
    expect(status).toBe(200);
    expect(body.properties.publicIpPrefixes).toHaveLength(1);
  });

  it('should page lists with nextLink', async () => {
    const world = new SimulatedWorld();
    for (let i = 0; i < 25; i++) addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: `lb-${i}`, nodes: 1 });

    const first = await armGet(`/subscriptions/${SUB}/providers/Microsoft.Network/loadBalancers`, world);
    expect(first.body.value).toHaveLength(20);
    const next = new URL(first.body.nextLink);
    const second = await armGet(`${next.pathname}${next.search}`, world, true);
    expect(second.body.value).toHaveLength(5);
    expect(second.body.nextLink).toBeUndefined();
  });

  it.each([
    { name: 'a missing resource', path: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/nope?${API}`, status: 404, code: 'ResourceNotFound' },
    { name: 'an unknown subscription', path: `/subscriptions/ffffffff-0000-0000-0000-000000000000/providers/Microsoft.Network/natGateways?${API}`, status: 404, code: 'SubscriptionNotFound' },
    { name: 'no api-version', path: `/subscriptions/${SUB}/providers/Microsoft.Network/natGateways`, status: 400, code: 'MissingApiVersionParameter' },
  ])('should answer $name like ARM ($status $code)', async ({ path, status, code }) => {
    const world = new SimulatedWorld();
    world.addSubscription(SUB);
    const response = await armGet(path, world, true);
    expect(response).toEqual({ status, body: { error: { code, message: expect.any(String) } } });
  });

  it('should answer injected faults for a resource with Azure’s error and Retry-After', async () => {
    const world = new SimulatedWorld();
    const lb = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 1 });
    const azure = await useSimulatedAzure(world);
    const fault = azure.faults.inject({ route: 'arm', resourceId: lb.id, status: 429, count: 1, retryAfterSeconds: 17 });
    const headers = { authorization: await bearerFor(azure, 'https://management.azure.com') };

    const throttled = await fetch(`${azure.url}${lb.id}?${API}`, { headers });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('17');
    expect(((await throttled.json()) as { error: { code: string } }).error.code).toBe('TooManyRequests');
    expect((await fetch(`${azure.url}${lb.id}?${API}`, { headers })).status).toBe(200);
    expect(fault.hits).toBe(1);
    expect(azure.requests.of('arm').map((r) => r.status)).toEqual([429, 200]);
  });
});

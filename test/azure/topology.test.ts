import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TargetRead } from '../../src/azure/read-error.js';
import { readTopology } from '../../src/azure/topology.js';
import { addAksCluster, addLoadBalancer, addNatGateway, addRawResource } from '../../src/local/simulated-azure/world-builders.js';
import { SimulatedWorld } from '../../src/local/simulated-azure/world.js';
import type { LoadBalancerTopology, NatGatewayTopology, TargetTopology } from '../../src/snat/model.js';
import { azureClientsFor, fastRetry, useSimulatedAzure } from '../support/simulated-azure.js';

const SUB = '00000000-0000-0000-0000-0000000000b2';
const FIXTURES = new URL('./fixtures/', import.meta.url);

async function read(world: SimulatedWorld, ids: string[], configure?: (azure: Awaited<ReturnType<typeof useSimulatedAzure>>) => void) {
  const azure = await useSimulatedAzure(world);
  configure?.(azure);
  return readTopology(ids, { clients: azureClientsFor(azure), defaultSurge: '10%', retry: fastRetry() });
}

function lb(result: TargetRead<TargetTopology> | undefined): LoadBalancerTopology {
  if (!result?.ok || result.value.kind !== 'loadBalancer') throw new Error(`expected a load balancer, got ${JSON.stringify(result)}`);
  return result.value;
}

function nat(result: TargetRead<TargetTopology> | undefined): NatGatewayTopology {
  if (!result?.ok || result.value.kind !== 'natGateway') throw new Error(`expected a NAT gateway, got ${JSON.stringify(result)}`);
  return result.value;
}

/** `responses["200"].body` of one of Microsoft's REST examples (fixtures/README.md). */
function example(file: string): { id: string; name: string; location?: string } {
  return JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')).responses['200'].body;
}

describe('readTopology', () => {
  it('should read an AKS load balancer with its cluster: pools summed, autoscaler max, surge', async () => {
    const world = new SimulatedWorld();
    const { loadBalancer, cluster } = addAksCluster(world, {
      subscriptionId: SUB, resourceGroup: 'rg-aks', name: 'prod', managedOutboundIps: 2, allocatedOutboundPorts: 0,
      pools: [
        { name: 'system', count: 3, maxSurge: '1' },
        { name: 'apps', count: 10, enableAutoScaling: true, minCount: 5, maxCount: 40, maxSurge: '33%' },
        { name: 'batch', count: 5 },
      ],
    });

    const [result] = await read(world, [loadBalancer.id]);
    const managedIps = loadBalancer.frontends.map((frontend) => frontend.publicIpId!);
    expect(lb(result)).toEqual({
      kind: 'loadBalancer', id: loadBalancer.id, name: 'kubernetes', subscriptionId: SUB,
      resourceGroup: 'MC_rg-aks_prod_eastus', location: 'eastus',
      frontendIps: 2, backendPoolSize: 18, backendIps: [],
      outboundRule: { name: 'aksOutboundRule', allocatedOutboundPorts: 0, idleTimeoutMinutes: 30, enableTcpReset: true },
      outboundPublicIpIds: managedIps, outboundPublicIpPrefixIds: [],
      // Node names from the scale sets' NICs (node-names.ts).
      nodeNames: Object.fromEntries(loadBalancer.nodes.map((node) => [node.privateIp, node.name])),
      aks: {
        clusterId: cluster.id, clusterName: 'prod', resourceGroup: 'rg-aks', source: 'cluster',
        // Surge per pool on its autoscaler max, rounded up: 1; 33% of 40 → 14; default 10% of 5 → 1.
        maxNodes: 3 + 40 + 5, surgeNodes: 1 + 14 + 1,
        pools: [
          { name: 'system', count: 3, maxCount: null, maxSurge: '1', surgeNodes: 1 },
          { name: 'apps', count: 10, maxCount: 40, maxSurge: '33%', surgeNodes: 14 },
          { name: 'batch', count: 5, maxCount: null, maxSurge: null, surgeNodes: 1 },
        ],
        outboundType: 'loadBalancer', managedOutboundIps: 2, outboundIps: { kind: 'managed', count: 2 },
        allocatedOutboundPorts: 0, idleTimeoutMinutes: 30, vnetSubnetIds: [],
      },
    });
  });

  it('should keep the resource IDs of a cluster on its own public IPs, and its custom VNet subnets', async () => {
    const world = new SimulatedWorld();
    const subnet = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks-nodes`;
    const { loadBalancer } = addAksCluster(world, { subscriptionId: SUB, resourceGroup: 'rg-aks', name: 'pay', nodes: 4, ownOutboundIps: 2, vnetSubnetId: subnet });
    const ownIps = loadBalancer.frontends.map((frontend) => frontend.publicIpId!);

    const [result] = await read(world, [loadBalancer.id]);
    expect(ownIps.every((id) => id.includes('/resourceGroups/rg-aks/'))).toBe(true);
    expect(lb(result)).toMatchObject({
      frontendIps: 2,
      aks: { outboundIps: { kind: 'publicIps', ids: ownIps }, managedOutboundIps: null, vnetSubnetIds: [subnet] },
    });
  });

  it('should keep the resource IDs of a cluster on its own public IP prefixes, sized from the prefixes', async () => {
    const world = new SimulatedWorld();
    const { loadBalancer } = addAksCluster(world, { subscriptionId: SUB, resourceGroup: 'rg-aks', name: 'pay', nodes: 4, ownOutboundIpPrefixLengths: [31, 30] });
    const prefixes = loadBalancer.frontends.map((frontend) => frontend.publicIpPrefixId!);

    const [result] = await read(world, [loadBalancer.id]);
    expect(lb(result)).toMatchObject({ frontendIps: 2 + 4, outboundPublicIpPrefixIds: prefixes, aks: { outboundIps: { kind: 'prefixes', ids: prefixes } } });
  });

  it('should still read the load balancer when the cluster answers 403, and say once what it could not read', async () => {
    const world = new SimulatedWorld();
    const { loadBalancer } = addAksCluster(world, { subscriptionId: SUB, resourceGroup: 'rg-aks', name: 'locked', nodes: 7, ownOutboundIps: 1 });

    const [result] = await read(world, [loadBalancer.id], (azure) =>
      azure.faults.inject({ route: 'arm', pathIncludes: 'Microsoft.ContainerService', status: 403 }),
    );
    const topology = lb(result);
    expect(topology).toMatchObject({
      backendPoolSize: 7,
      frontendIps: 1,
      // Names from MC_{rg}_{cluster}_{location}; the own IP seen on the frontend, outside the node resource group.
      aks: { clusterId: null, clusterName: 'locked', resourceGroup: 'rg-aks', source: 'load-balancer', maxNodes: 7, surgeNodes: 1, vnetSubnetIds: null,
        outboundIps: { kind: 'publicIps', ids: [loadBalancer.frontends[0]!.publicIpId] } },
    });
    expect(topology.notes).toHaveLength(1);
    expect(topology.notes![0]).toMatchObject({ code: 'AKS_CLUSTER_UNREADABLE', message: expect.stringContaining('HTTP 403 AuthorizationFailed') });
    expect(topology.notes![0]!.message).not.toContain('00000000-0000-0000-0000-00000000c11e');
  });

  it('should GET the cluster its node resource group names when the subscription list is refused (Reader on resource groups only)', async () => {
    const world = new SimulatedWorld();
    const { loadBalancer, cluster } = addAksCluster(world, {
      subscriptionId: SUB, resourceGroup: 'rg_team_a', name: 'aks_pay',
      pools: [{ name: 'apps', count: 4, enableAutoScaling: true, maxCount: 20, maxSurge: '10%' }],
    });

    const [result] = await read(world, [loadBalancer.id], (azure) =>
      azure.faults.inject({ route: 'arm', pathIncludes: `${SUB}/providers/Microsoft.ContainerService`, status: 403 }),
    );
    // MC_rg_team_a_aks_pay_eastus splits three ways; the GET that finds the cluster owning it wins.
    expect(lb(result)).toMatchObject({ aks: { clusterId: cluster.id, source: 'cluster', maxNodes: 20, surgeNodes: 2 } });
    expect(lb(result).notes).toBeUndefined();
  });

  it('should count an own prefix it may not read as a /31 and say so, instead of losing the load balancer', async () => {
    const world = new SimulatedWorld();
    const { loadBalancer } = addAksCluster(world, { subscriptionId: SUB, resourceGroup: 'rg-aks', name: 'ledger', nodes: 5, ownOutboundIpPrefixLengths: [29] });
    const prefix = loadBalancer.frontends[0]!.publicIpPrefixId!;

    const [result] = await read(world, [loadBalancer.id], (azure) => {
      azure.faults.inject({ route: 'arm', pathIncludes: 'Microsoft.ContainerService', status: 403 });
      azure.faults.inject({ route: 'arm', resourceId: prefix, status: 403 });
    });
    const topology = lb(result);
    expect(topology).toMatchObject({ frontendIps: 2, backendPoolSize: 5, aks: { source: 'load-balancer', outboundIps: { kind: 'prefixes', ids: [prefix] } } });
    expect(topology.notes!.map((note) => note.code)).toEqual(['AKS_CLUSTER_UNREADABLE', 'PUBLIC_IP_PREFIX_UNREADABLE']);
    expect(topology.notes![1]!.message).toContain('ledger-egress-prefix-1 could not be read (HTTP 403 AuthorizationFailed)');
  });

  it('should read a plain load balancer: outbound rule, IPs and prefixes on its frontends, backend IPs', async () => {
    const world = new SimulatedWorld();
    const balancer = addLoadBalancer(world, {
      subscriptionId: SUB, resourceGroup: 'rg', name: 'egress', nodes: 12, outboundIps: 2, outboundIpPrefixLengths: [30],
      outboundRule: { allocatedOutboundPorts: 4000, idleTimeoutInMinutes: 15, enableTcpReset: false },
    });

    const [result] = await read(world, [balancer.id]);
    expect(lb(result)).toMatchObject({
      frontendIps: 2 + 4,
      backendPoolSize: 12,
      backendIps: balancer.nodes.map((node) => node.privateIp),
      outboundRule: { name: 'outbound', allocatedOutboundPorts: 4000, idleTimeoutMinutes: 15, enableTcpReset: false },
      aks: null,
    });
  });

  it('should take frontends and pool from load-balancing rules when there is no outbound rule', async () => {
    const world = new SimulatedWorld();
    const balancer = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'web', nodes: 4, outboundRule: null });

    const [result] = await read(world, [balancer.id]);
    expect(lb(result)).toMatchObject({ frontendIps: 1, backendPoolSize: 4, outboundRule: null });
  });

  it('should count a NAT gateway’s IPs with every prefix expanded', async () => {
    const world = new SimulatedWorld();
    const gateway = addNatGateway(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'nat', publicIps: 2, publicIpPrefixLengths: [30, 31], idleTimeoutInMinutes: 10 });

    const [result] = await read(world, [gateway.id]);
    expect(nat(result)).toEqual({
      kind: 'natGateway', id: gateway.id, name: 'nat', subscriptionId: SUB, resourceGroup: 'rg', location: 'eastus',
      sku: 'Standard', publicIps: 2 + 4 + 2, publicIpsV6: 0, idleTimeoutMinutes: 10,
    });
  });

  it('should read a StandardV2 NAT gateway’s SKU and its IPv6 addresses from ARM', async () => {
    const world = new SimulatedWorld();
    const gateway = addNatGateway(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'nat-v2', sku: 'StandardV2', publicIps: 3, publicIpsV6: 2 });

    const [result] = await read(world, [gateway.id]);
    expect(nat(result)).toMatchObject({ sku: 'StandardV2', publicIps: 3, publicIpsV6: 2 });
  });

  it('should refuse, as Azure does, IPv6 addresses on a Standard NAT gateway', () => {
    expect(() => addNatGateway(new SimulatedWorld(), { subscriptionId: SUB, resourceGroup: 'rg', name: 'nat', sku: 'Standard', publicIpsV6: 1 }))
      .toThrow('a Standard NAT gateway has no IPv6 addresses; use StandardV2');
  });

  it('should read Microsoft’s own example payloads served verbatim', async () => {
    const world = new SimulatedWorld();
    const balancer = addRawResource(world, example('LoadBalancerCreateWithOutboundRules.json'));

    const [result] = await read(world, [balancer.id]);
    expect(lb(result)).toMatchObject({
      name: 'lb', subscriptionId: 'subid', resourceGroup: 'rg1', location: 'eastus',
      frontendIps: 1, backendPoolSize: 0,
      outboundRule: { name: 'rule1', allocatedOutboundPorts: 1024, idleTimeoutMinutes: 4, enableTcpReset: false },
    });
  });

  it('should read the AKS context from Microsoft’s ManagedClustersGet example', async () => {
    const world = new SimulatedWorld();
    // The example's cluster (3 nodes, maxSurge 33%, 2,000 ports) replaces the built one, keeping its `kubernetes` LB.
    const { loadBalancer } = addAksCluster(world, { subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: 'rg1', name: 'clustername1', location: 'location1', nodes: 3 });
    const cluster = addRawResource(world, example('ManagedClustersGet.json'));

    const [result] = await read(world, [loadBalancer.id]);
    expect(lb(result).aks).toMatchObject({
      clusterId: cluster.id, clusterName: 'clustername1', resourceGroup: 'rg1',
      maxNodes: 3, surgeNodes: 1, outboundType: 'loadBalancer', managedOutboundIps: null, allocatedOutboundPorts: 2000, idleTimeoutMinutes: 10,
      outboundIps: {
        kind: 'publicIps',
        ids: ['customeroutboundip1', 'customeroutboundip2'].map((ip) => `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Network/publicIPAddresses/${ip}`),
      },
    });
  });

  it('should read Microsoft’s NatGatewayGet example, prefix included', async () => {
    const world = new SimulatedWorld();
    const gateway = addRawResource(world, example('NatGatewayGet.json'));
    addRawResource(world, {
      id: '/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/publicIPPrefixes/PublicIpPrefix1',
      name: 'PublicIpPrefix1', location: 'westus', properties: { prefixLength: 30, ipPrefix: '192.168.254.2/30' },
    });

    const [result] = await read(world, [gateway.id]);
    expect(nat(result)).toMatchObject({ name: 'test-natGateway', location: 'westus', sku: 'Standard', publicIps: 1 + 4, idleTimeoutMinutes: 5 });
  });

  it('should answer every target even when some cannot be read', async () => {
    const world = new SimulatedWorld();
    const fine = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'fine', nodes: 2 });
    const locked = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'locked', nodes: 2 });
    const busy = addNatGateway(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'busy' });
    const gone = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/gone`;
    const notATarget = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1`;

    const results = await read(world, [fine.id, locked.id, gone, busy.id, notATarget], (azure) => {
      azure.faults.inject({ route: 'arm', resourceId: locked.id, status: 403 });
      azure.faults.inject({ route: 'arm', resourceId: busy.id, status: 429, retryAfterSeconds: 1 });
    });
    expect(results.map((r) => (r.ok ? 'ok' : r.error.kind))).toEqual(['ok', 'forbidden', 'not-found', 'throttled', 'failed']);
    expect(results.map((r) => r.targetId)).toEqual([fine.id, locked.id, gone, busy.id, notATarget]);
    expect(results[1]).toMatchObject({ error: { statusCode: 403, message: expect.stringContaining('AuthorizationFailed') } });
    expect(results[4]).toMatchObject({ error: { statusCode: null, message: expect.stringContaining('not a load balancer or NAT gateway') } });
  });

  it('should retry a throttled read and then succeed', async () => {
    const world = new SimulatedWorld();
    const balancer = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 3 });

    const [result] = await read(world, [balancer.id], (azure) => azure.faults.inject({ route: 'arm', status: 429, count: 2, retryAfterSeconds: 1 }));
    expect(lb(result).backendPoolSize).toBe(3);
  });
});

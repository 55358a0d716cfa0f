// Topology from Resource Graph must be the topology ARM gives, target for target, in every shape the
// ARM tests know (AKS clusters, own IPs and prefixes, unreadable clusters and prefixes, NAT gateways,
// Microsoft's own example payloads) — read in a few queries instead of a GET per resource.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTopologyFromGraph } from '../../src/azure/resource-graph-topology.js';
import { readTopology } from '../../src/azure/topology.js';
import type { FaultSpec } from '../../src/local/simulated-azure/faults.js';
import { addAksCluster, addLoadBalancer, addNatGateway, addRawResource } from '../../src/local/simulated-azure/world-builders.js';
import { SimulatedWorld } from '../../src/local/simulated-azure/world.js';
import { azureClientsFor, fastRetry, useSimulatedAzure } from '../support/simulated-azure.js';

const SUB = '00000000-0000-0000-0000-0000000000c3';
const FIXTURES = new URL('./fixtures/', import.meta.url);
const example = (file: string) => JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')).responses['200'].body;

interface Scenario {
  name: string;
  build(world: SimulatedWorld): string[];
  faults?: FaultSpec[];
}

const scenarios: Scenario[] = [
  {
    name: 'an AKS load balancer with its cluster (pools summed, autoscaler max, surge) and tags',
    build: (world) => {
      const { loadBalancer, cluster } = addAksCluster(world, {
        subscriptionId: SUB, resourceGroup: 'rg-aks', name: 'prod', managedOutboundIps: 2,
        pools: [{ name: 'system', count: 3, maxSurge: '1' }, { name: 'apps', count: 10, enableAutoScaling: true, minCount: 5, maxCount: 40, maxSurge: '33%' }],
      });
      loadBalancer.tags = { 'snat-watch-channel': '#lb' };
      cluster.tags = { 'snat-watch-channel': '#team-prod', owner: 'payments' };
      return [loadBalancer.id];
    },
  },
  {
    name: 'a cluster on its own public IPs in a custom VNet',
    build: (world) => [addAksCluster(world, { subscriptionId: SUB, resourceGroup: 'rg-aks', name: 'pay', nodes: 4, ownOutboundIps: 2, vnetSubnetId: `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks` }).loadBalancer.id],
  },
  {
    name: 'a cluster on its own prefixes',
    build: (world) => [addAksCluster(world, { subscriptionId: SUB, resourceGroup: 'rg-aks', name: 'pay', nodes: 4, ownOutboundIpPrefixLengths: [31, 30] }).loadBalancer.id],
  },
  {
    name: 'a cluster the identity may not read (403)',
    build: (world) => [addAksCluster(world, { subscriptionId: SUB, resourceGroup: 'rg-aks', name: 'locked', nodes: 7, ownOutboundIps: 1 }).loadBalancer.id],
    faults: [{ route: 'arm', pathIncludes: 'Microsoft.ContainerService', status: 403 }],
  },
  {
    name: 'a cluster readable only by GET (subscription list refused)',
    build: (world) => [addAksCluster(world, { subscriptionId: SUB, resourceGroup: 'rg_team_a', name: 'aks_pay', pools: [{ name: 'apps', count: 4, enableAutoScaling: true, maxCount: 20, maxSurge: '10%' }] }).loadBalancer.id],
    faults: [{ route: 'arm', pathIncludes: `${SUB}/providers/Microsoft.ContainerService`, status: 403 }],
  },
  {
    name: 'an own prefix the identity may not read',
    build: (world) => {
      const { loadBalancer } = addAksCluster(world, { subscriptionId: SUB, resourceGroup: 'rg-aks', name: 'ledger', nodes: 5, ownOutboundIpPrefixLengths: [29] });
      return [loadBalancer.id];
    },
    faults: [{ route: 'arm', pathIncludes: 'Microsoft.ContainerService', status: 403 }, { route: 'arm', pathIncludes: 'publicIPPrefixes/ledger', status: 403 }],
  },
  {
    name: 'plain load balancers (outbound rule with IPs and a prefix; load-balancing rules only) and NAT gateways',
    build: (world) => {
      const egress = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'egress', nodes: 12, outboundIps: 2, outboundIpPrefixLengths: [30], outboundRule: { allocatedOutboundPorts: 4000, idleTimeoutInMinutes: 15, enableTcpReset: false } });
      const web = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'web', nodes: 4, outboundRule: null });
      const nat = addNatGateway(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'nat', publicIps: 2, publicIpPrefixLengths: [30, 31], idleTimeoutInMinutes: 10 });
      nat.tags = { 'snat-watch-channel': '#nat' };
      const v2 = addNatGateway(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'nat-v2', sku: 'StandardV2', publicIps: 3, publicIpsV6: 2 });
      return [egress.id, web.id, nat.id, v2.id];
    },
  },
  {
    name: 'Microsoft’s example payloads served verbatim (LoadBalancerCreateWithOutboundRules, ManagedClustersGet, NatGatewayGet)',
    build: (world) => {
      const lb = addRawResource(world, example('LoadBalancerCreateWithOutboundRules.json'));
      const { loadBalancer } = addAksCluster(world, { subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: 'rg1', name: 'clustername1', location: 'location1', nodes: 3 });
      addRawResource(world, example('ManagedClustersGet.json'));
      const nat = addRawResource(world, example('NatGatewayGet.json'));
      addRawResource(world, { id: '/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/publicIPPrefixes/PublicIpPrefix1', name: 'PublicIpPrefix1', location: 'westus', properties: { prefixLength: 30, ipPrefix: '192.168.254.2/30' } });
      return [lb.id, loadBalancer.id, nat.id];
    },
  },
  {
    name: 'targets that are gone, forbidden, or no target at all',
    build: (world) => {
      const locked = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'locked', nodes: 2 });
      return [locked.id, `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/gone`, `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1`];
    },
    faults: [{ route: 'arm', pathIncludes: '/loadBalancers/locked', status: 403 }],
  },
];

describe('readTopologyFromGraph', () => {
  it.each(scenarios)('should give the topology ARM gives: $name', async ({ build, faults }) => {
    const world = new SimulatedWorld();
    const ids = build(world);
    const azure = await useSimulatedAzure(world);
    for (const fault of faults ?? []) azure.faults.inject(fault);
    const clients = azureClientsFor(azure);
    const fromArm = await readTopology(ids, { clients, defaultSurge: '10%', retry: fastRetry() });
    azure.requests.clear();
    let graphCalls = 0;
    const fromGraph = await readTopologyFromGraph(ids, { clients, defaultSurge: '10%', retry: fastRetry(), onGraphCalls: (calls) => (graphCalls = calls) });

    expect(fromGraph).toEqual(fromArm);
    expect(azure.requests.of('resourceGraph')).toHaveLength(graphCalls);
    expect(graphCalls).toBeLessThanOrEqual(2);
    // ARM is asked only for what Resource Graph cannot give: no GET of a target it returned.
    const returned = fromGraph.filter((read) => read.ok).map((read) => read.targetId.toLowerCase());
    expect(azure.requests.of('arm', (r) => returned.includes(r.path.toLowerCase()))).toEqual([]);
  });

  it('should expose the tags of the load balancer, the NAT gateway and the AKS cluster', async () => {
    const world = new SimulatedWorld();
    const ids = scenarios[0]!.build(world);
    const azure = await useSimulatedAzure(world);
    const [read] = await readTopologyFromGraph(ids, { clients: azureClientsFor(azure), defaultSurge: '10%', retry: fastRetry() });
    expect(read).toMatchObject({ ok: true, value: { tags: { 'snat-watch-channel': '#lb' }, aks: { clusterName: 'prod', tags: { 'snat-watch-channel': '#team-prod', owner: 'payments' } } } });
  });

  it('should read an AKS load balancer in two queries, with one ARM listing for node names', async () => {
    const world = new SimulatedWorld();
    const ids = scenarios[0]!.build(world);
    const azure = await useSimulatedAzure(world);
    const [read] = await readTopologyFromGraph(ids, { clients: azureClientsFor(azure), defaultSurge: '10%', retry: fastRetry() });

    expect(read?.ok && read.value.kind === 'loadBalancer' && Object.keys(read.value.nodeNames ?? {}).length).toBe(13);
    expect(azure.requests.of('resourceGraph')).toHaveLength(2);
    expect(azure.requests.of('arm').map((r) => r.path.replace(/^.*\/virtualMachineScaleSets\/[^/]+\//, '…/'))).toEqual(['…/networkInterfaces', '…/networkInterfaces']);
  });

  it('should page through more than 1,000 rows, 1,000 a page', async () => {
    const world = new SimulatedWorld();
    // Every fourth on an own /30 prefix: 251 prefixes, more than one ID list holds.
    const ids = Array.from({ length: 1_001 }, (_, n) => addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg-many', name: `lb-${n}`, nodes: 1, outboundIps: n % 4 === 0 ? 0 : 1, outboundIpPrefixLengths: n % 4 === 0 ? [30] : [] }).id);
    const azure = await useSimulatedAzure(world);

    const reads = await readTopologyFromGraph(ids, { clients: azureClientsFor(azure), defaultSurge: '10%', retry: fastRetry() });

    expect(reads.filter((read) => read.ok)).toHaveLength(1_001);
    expect(reads.slice(0, 2).map((read) => read.ok && read.value.kind === 'loadBalancer' && read.value.frontendIps)).toEqual([4, 1]);
    // Two pages of targets (1,000 + 1), one of their prefixes.
    const pages = azure.requests.of('resourceGraph');
    expect(pages).toHaveLength(3);
    expect(azure.requests.of('arm')).toEqual([]);
    console.info(`[figures] topology of 1,001 load balancers from Resource Graph: ${pages.length} queries, 0 ARM reads`);
  });

  it('should follow $skipToken with a smaller page size, each page one request', async () => {
    const world = new SimulatedWorld();
    const ids = Array.from({ length: 5 }, (_, n) => addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: `lb-${n}`, nodes: 1 }).id);
    const azure = await useSimulatedAzure(world);

    const reads = await readTopologyFromGraph(ids, { clients: azureClientsFor(azure), defaultSurge: '10%', retry: fastRetry(), pageSize: 2 });

    expect(reads.map((read) => read.ok && read.value.name)).toEqual(['lb-0', 'lb-1', 'lb-2', 'lb-3', 'lb-4']);
    expect(azure.requests.of('resourceGraph')).toHaveLength(3);
  });

  it('should fail every target as throttled when Resource Graph keeps refusing, without asking ARM for each', async () => {
    const world = new SimulatedWorld();
    const ids = Array.from({ length: 3 }, (_, n) => addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: `lb-${n}`, nodes: 1 }).id);
    const azure = await useSimulatedAzure(world);
    azure.faults.inject({ route: 'resourceGraph', status: 429, retryAfterSeconds: 1 });

    const reads = await readTopologyFromGraph(ids, { clients: azureClientsFor(azure), defaultSurge: '10%', retry: fastRetry() });

    expect(reads.map((read) => !read.ok && read.error.kind)).toEqual(['throttled', 'throttled', 'throttled']);
    expect(azure.requests.of('resourceGraph')).toHaveLength(4); // the first try and fastRetry's 3 retries
    expect(azure.requests.of('arm')).toEqual([]);
  });
});

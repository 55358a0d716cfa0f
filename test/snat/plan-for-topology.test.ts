import { describe, expect, it } from 'vitest';
import type { LoadBalancerTopology, NatGatewayTopology } from '../../src/snat/model.js';
import { planRequestSchema } from '../../src/snat/plan-schema.js';
import { planEgress } from '../../src/snat/planner.js';
import { planForTopology, requestForTopology } from '../../src/snat/plan-for-topology.js';

const identity = { subscriptionId: '00000000-0000-0000-0000-000000000001', location: 'westeurope' };

const aksLoadBalancer = (overrides: Partial<LoadBalancerTopology['aks'] & object> = {}): LoadBalancerTopology => ({
  ...identity,
  kind: 'loadBalancer',
  id: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/MC_rg-aks_prod_westeurope/providers/Microsoft.Network/loadBalancers/kubernetes',
  name: 'kubernetes',
  resourceGroup: 'MC_rg-aks_prod_westeurope',
  frontendIps: 1,
  backendPoolSize: 48,
  backendIps: [],
  outboundRule: { name: 'aksOutboundRule', allocatedOutboundPorts: 0, idleTimeoutMinutes: 30, enableTcpReset: true },
  aks: {
    clusterId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/prod',
    clusterName: 'prod',
    resourceGroup: 'rg-aks',
    maxNodes: 60,
    surgeNodes: 2,
    outboundType: 'loadBalancer',
    managedOutboundIps: 1,
    allocatedOutboundPorts: 0,
    ...overrides,
  },
});

const plainLoadBalancer: LoadBalancerTopology = {
  ...aksLoadBalancer(),
  name: 'edge-lb',
  resourceGroup: 'rg-net',
  backendPoolSize: 70,
  outboundRule: { name: 'outbound', allocatedOutboundPorts: 1024, idleTimeoutMinutes: 4, enableTcpReset: true },
  aks: null,
};

const natGateway: NatGatewayTopology = {
  ...identity,
  kind: 'natGateway',
  id: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/natGateways/egress-nat',
  name: 'egress-nat',
  sku: 'Standard',
  publicIpsV6: 0,
  resourceGroup: 'rg-net',
  publicIps: 2,
  idleTimeoutMinutes: 4,
};

describe('planForTopology', () => {
  it('should plan an AKS cluster at its autoscaler max + surge and name the cluster in az aks update', () => {
    const plan = planForTopology(aksLoadBalancer());
    expect(plan.allocation).toMatchObject({ mode: 'default', nodes: 48, atMax: { nodes: 60, surgeNodes: 2, nodesWithSurge: 62 } });
    expect(plan.risks.map((r) => r.code)).toEqual(['TIER_CLIFF']);
    expect(plan.recommendations[0]!.commands).toEqual(['az aks update --resource-group rg-aks --name prod --load-balancer-outbound-ports 1032']);
  });

  it('should fall back to the default surge when AKS reports none', () => {
    expect(planForTopology(aksLoadBalancer({ surgeNodes: 0 }), {}, '10%').allocation.atMax.surgeNodes).toBe(6);
    expect(planForTopology(aksLoadBalancer({ surgeNodes: 0 }), {}, '1').allocation.atMax.surgeNodes).toBe(1);
  });

  it('should plan a plain load balancer at its current size with az network lb commands', () => {
    const plan = planForTopology(plainLoadBalancer);
    expect(plan.risks.map((r) => r.code)).toEqual(['INVALID_CONFIGURATION']);
    expect(plan.recommendations[0]!.commands).toEqual([
      'az network lb outbound-rule update --resource-group rg-net --lb-name edge-lb --name outbound --outbound-ports 912',
    ]);
  });

  it("should plan a NAT gateway's shared pool from its public IPs", () => {
    const request = requestForTopology(natGateway);
    expect(planRequestSchema.safeParse(request).success).toBe(true);
    expect(planForTopology(natGateway).allocation).toMatchObject({ mode: 'natGateway', capacityPorts: 129_024 });
  });

  it("should change an AKS-managed NAT gateway (in the node resource group) through az aks, never directly", () => {
    const managed: NatGatewayTopology = { ...natGateway, resourceGroup: 'MC_rg-aks_prod_westeurope', name: 'natgw' };
    const request = requestForTopology(managed, { peakUsedPerNode: 20_000 });
    expect(request.target).toEqual({ kind: 'aks', resourceGroup: 'rg-aks', clusterName: 'prod' });
    // The gateway's metrics have no per-node dimension, so the live request has no node count: say 6 nodes.
    const commands = planEgress({ ...request, nodes: { current: 6, surge: 0 } }).recommendations.flatMap((r) => r.commands);
    expect(commands).toEqual(['az aks update --resource-group rg-aks --name prod --nat-gateway-managed-outbound-ip-count 3']);
  });

  it('should rank POOL_CONNECTIONS first when the watch saw connections churn', () => {
    const plan = planForTopology(aksLoadBalancer(), { peakUsedPerNode: 900, notPooling: true });
    expect(plan.recommendations[0]!.code).toBe('POOL_CONNECTIONS');
    expect(plan.risks.map((r) => r.code)).toContain('CONNECTIONS_NOT_POOLED');
  });

  it('should turn the observed peak into the workload the plan checks', () => {
    const plan = planForTopology(aksLoadBalancer(), { peakUsedPerNode: 700.4 });
    expect(plan.risks.find((r) => r.code === 'WORKLOAD_EXCEEDS_ALLOCATION')).toMatchObject({ connectionsPerDestinationPerNode: 701, atNodes: 51 });
  });

  it("should carry the cluster's own IPs into the commands: the existing IDs plus a new one, never a managed count", () => {
    const own = ['a', 'b'].map((n) => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-egress/providers/Microsoft.Network/publicIPAddresses/egress-${n}`);
    const topology = { ...aksLoadBalancer({ outboundIps: { kind: 'publicIps', ids: own }, managedOutboundIps: null, allocatedOutboundPorts: 1000, maxNodes: 140 }), frontendIps: 2 };
    const plan = planForTopology(topology);
    const add = plan.recommendations.find((r) => r.code === 'ADD_OUTBOUND_IPS')!;
    expect(add.commands.at(-1)).toBe(
      `az aks update --resource-group rg-aks --name prod --load-balancer-outbound-ips ${own.join(',')},${own[0]!.replace('egress-a', 'prod-outbound-ip-3')} --load-balancer-outbound-ports 1000`,
    );
    expect(plan.recommendations.flatMap((r) => r.commands).join('\n')).not.toContain('--load-balancer-managed-outbound-ip-count');
    expect(plan.assumptions).toBeUndefined();
  });

  it('should give a custom-VNet cluster the user-assigned NAT gateway steps and keep its idle timeout', () => {
    const subnet = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub/subnets/nodes';
    const plan = planForTopology(aksLoadBalancer({ vnetSubnetIds: [subnet], idleTimeoutMinutes: 20, allocatedOutboundPorts: 1024, maxNodes: 70 }));
    const nat = plan.recommendations.find((r) => r.code === 'USE_NAT_GATEWAY')!;
    expect(nat.commands.at(-1)).toBe('az aks update --resource-group rg-aks --name prod --outbound-type userAssignedNATGateway');
    expect(nat.commands).toContain(`az network vnet subnet update --ids ${subnet} --nat-gateway /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/natGateways/prod-natgw`);
    expect(nat.after.egress).toMatchObject({ idleTimeoutMinutes: 20 });
  });

  it('should list what it assumed when the cluster could not be read', () => {
    const plan = planForTopology(aksLoadBalancer({ source: 'load-balancer', clusterId: null, maxNodes: 48, surgeNodes: 5, outboundIps: { kind: 'managed', count: 1 } }), {}, '10%');
    expect(plan.assumptions).toEqual([
      "The autoscaler max is today's 48 nodes (the cluster could not be read).",
      'An upgrade adds 10% of them: 5 surge nodes (SNAT_DEFAULT_SURGE).',
      "The outbound IPs are 1 AKS-managed IP, as the load balancer's frontends show them.",
      'The cluster runs in an AKS-managed VNet (a custom VNet needs a user-assigned NAT gateway instead of a managed one).',
      "The cluster is prod in rg-aks, read from the node resource group's name.",
    ]);
  });

  it('should build requests the endpoint itself would accept', () => {
    for (const topology of [aksLoadBalancer(), plainLoadBalancer, natGateway]) {
      expect(planRequestSchema.safeParse(requestForTopology(topology, { peakUsedPerNode: 10, notPooling: false })).success).toBe(true);
    }
  });
});

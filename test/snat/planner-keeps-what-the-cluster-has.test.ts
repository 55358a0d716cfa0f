import { describe, expect, it } from 'vitest';
import type { PlanRequestInput, Recommendation } from '../../src/snat/plan-schema.js';
import { planRequestSchema } from '../../src/snat/plan-schema.js';
import { applyRecommendation, planEgress } from '../../src/snat/planner.js';

const SUB = '00000000-0000-0000-0000-0000000000f1';
const ipId = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg-egress/providers/Microsoft.Network/publicIPAddresses/${name}`;
const prefixId = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg-egress/providers/Microsoft.Network/publicIPPrefixes/${name}`;
const subnetId = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks-nodes`;
const aks = { kind: 'aks' as const, resourceGroup: 'rg-pay', clusterName: 'pay' };
const byCode = (recommendations: readonly Recommendation[], code: Recommendation['code']) => recommendations.find((r) => r.code === code)!;

/** 40 nodes on 2 IPs at 1,024 ports grow to 120 + 10 surge: 130 × 1,024 = 133,120 ports need a third IP. */
const nearExhaustion = (egress: PlanRequestInput['egress'], target: PlanRequestInput['target'] = aks): PlanRequestInput => ({
  egress,
  nodes: { current: 40, max: 120, surge: 10 },
  workload: { peakConnectionsPerNode: 1000 },
  target,
});

describe('planEgress on a cluster with its own public IPs', () => {
  const ids = [ipId('pay-egress-1'), ipId('pay-egress-2')];
  const plan = planEgress(nearExhaustion({ type: 'loadBalancer', frontendIps: 2, allocatedOutboundPorts: 1024, outboundIps: { kind: 'publicIps', ids } }));
  const add = byCode(plan.recommendations, 'ADD_OUTBOUND_IPS');

  it('should create one more IP of its own and list the existing IDs plus the new one, never a managed count', () => {
    expect(add.commands).toEqual([
      'az network public-ip create --resource-group rg-egress --name pay-outbound-ip-3 --sku Standard --allocation-method Static',
      `az aks update --resource-group rg-pay --name pay --load-balancer-outbound-ips ${ids.join(',')},${ipId('pay-outbound-ip-3')} --load-balancer-outbound-ports 1024`,
    ]);
    expect(plan.recommendations.flatMap((r) => r.commands).join('\n')).not.toContain('--load-balancer-managed-outbound-ip-count');
  });

  it('should keep the allow-listed addresses: no egress change, and say to allow-list the new one', () => {
    expect(add).toMatchObject({ changesEgressIps: false, after: { egress: { frontendIps: 3, outboundIps: { kind: 'publicIps', ids: [...ids, ipId('pay-outbound-ip-3')] } } } });
    expect(add.rationale).toContain('Keeps the cluster\'s 2 own public IPs');
    expect(add.rationale).toContain('allow-listed once created, before the az aks update');
  });

  it('should say that a NAT gateway replaces the own IPs', () => {
    const nat = byCode(plan.recommendations, 'USE_NAT_GATEWAY');
    expect(nat.changesEgressIps).toBe(true);
    expect(nat.rationale).toContain("instead of the cluster's own public IPs");
    expect(plan.recommendations.at(-1)!.code).toBe('USE_NAT_GATEWAY');
  });

  it('should skip a name the owner already uses', () => {
    const taken = [ipId('pay-egress-1'), ipId('pay-outbound-ip-3')];
    const again = planEgress(nearExhaustion({ type: 'loadBalancer', frontendIps: 2, allocatedOutboundPorts: 1024, outboundIps: { kind: 'publicIps', ids: taken } }));
    expect(byCode(again.recommendations, 'ADD_OUTBOUND_IPS').commands[0]).toContain('--name pay-outbound-ip-4 ');
  });
});

describe('planEgress on a cluster with its own public IP prefixes', () => {
  it('should create a prefix of its own and list the existing prefixes plus the new one', () => {
    const ids = [prefixId('pay-range-1')];
    const plan = planEgress(nearExhaustion({ type: 'loadBalancer', frontendIps: 2, allocatedOutboundPorts: 1024, outboundIps: { kind: 'prefixes', ids } }));
    const add = byCode(plan.recommendations, 'ADD_OUTBOUND_IPS');
    expect(add.commands).toEqual([
      'az network public-ip prefix create --resource-group rg-egress --name pay-outbound-prefix-2 --length 31',
      `az aks update --resource-group rg-pay --name pay --load-balancer-outbound-ip-prefixes ${ids[0]},${prefixId('pay-outbound-prefix-2')} --load-balancer-outbound-ports 1024`,
    ]);
    // A /31 adds two addresses: 4 IPs in all.
    expect(add).toMatchObject({ changesEgressIps: false, after: { egress: { frontendIps: 4, outboundIps: { kind: 'prefixes' } } } });
    expect(plan.recommendations.flatMap((r) => r.commands).join('\n')).not.toMatch(/--load-balancer-(managed-outbound-ip-count|outbound-ips )/);
  });
});

describe('planEgress on a cluster with managed IPs', () => {
  it('should say that new managed IPs change the egress addresses', () => {
    const plan = planEgress(nearExhaustion({ type: 'loadBalancer', frontendIps: 2, allocatedOutboundPorts: 1024 }));
    const add = byCode(plan.recommendations, 'ADD_OUTBOUND_IPS');
    expect(add.commands).toEqual(['az aks update --resource-group rg-pay --name pay --load-balancer-managed-outbound-ip-count 3 --load-balancer-outbound-ports 1024']);
    expect(add.changesEgressIps).toBe(true);
    expect(add.rationale).toContain("the cluster's egress IPs change");
  });

  it('should keep the cluster’s idle timeout on the managed NAT gateway', () => {
    const plan = planEgress(nearExhaustion({ type: 'loadBalancer', frontendIps: 2, allocatedOutboundPorts: 1024, idleTimeoutMinutes: 45 }));
    const nat = byCode(plan.recommendations, 'USE_NAT_GATEWAY');
    expect(nat.commands[0]).toMatch(/--outbound-type managedNATGateway .*--nat-gateway-idle-timeout 45$/);
    expect(nat.rationale).toContain("keeps the cluster's idle timeout of 45 minutes");
  });
});

describe('planEgress on a custom-VNet cluster', () => {
  it('should offer a user-assigned NAT gateway with its steps, never a managed one', () => {
    // 130 nodes × 1,024 ports today = 133,120 ports: 3 NAT IPs of 64,512.
    const plan = planEgress(nearExhaustion({ type: 'loadBalancer', frontendIps: 2, allocatedOutboundPorts: 1024 }, { ...aks, vnetSubnetIds: [subnetId] }));
    const nat = byCode(plan.recommendations, 'USE_NAT_GATEWAY');
    const natId = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/natGateways/pay-natgw`;
    expect(nat.title).toContain('user-assigned NAT gateway');
    expect(nat.commands).toEqual([
      'az network public-ip create --resource-group rg-net --name pay-natgw-ip-1 --sku Standard --allocation-method Static',
      'az network public-ip create --resource-group rg-net --name pay-natgw-ip-2 --sku Standard --allocation-method Static',
      'az network public-ip create --resource-group rg-net --name pay-natgw-ip-3 --sku Standard --allocation-method Static',
      'az network nat gateway create --resource-group rg-net --name pay-natgw --public-ip-addresses pay-natgw-ip-1 pay-natgw-ip-2 pay-natgw-ip-3 --idle-timeout 30',
      `az network vnet subnet update --ids ${subnetId} --nat-gateway ${natId}`,
      'az aks update --resource-group rg-pay --name pay --outbound-type userAssignedNATGateway',
    ]);
    expect(plan.recommendations.flatMap((r) => r.commands).join('\n')).not.toContain('managedNATGateway');
  });
});

describe('planEgress ranking fixes by the ports they keep', () => {
  // 199 nodes on one IP have 256 ports each; growing to 800 + 10% surge (880) fits 72 per node.
  const request: PlanRequestInput = { egress: { type: 'loadBalancer', frontendIps: 1, allocatedOutboundPorts: 0 }, nodes: { current: 199, max: 800, surge: '10%' }, target: aks };
  const plan = planEgress(request);

  it('should say that SET_OUTBOUND_PORTS cuts 256 → 72 and rank it below the fixes that keep 256', () => {
    const set = byCode(plan.recommendations, 'SET_OUTBOUND_PORTS');
    expect(set).toMatchObject({ cutsPortsPerNode: { from: 256, to: 72 }, after: { portsPerNode: 72 } });
    expect(set.rationale).toContain("cuts every node from today's 256 ports to 72");
    expect(plan.recommendations[0]).toMatchObject({ code: 'ADD_OUTBOUND_IPS', cutsPortsPerNode: null, after: { portsPerNode: 256, egress: { frontendIps: 4 } } });
    expect(plan.recommendations.indexOf(set)).toBe(plan.recommendations.length - 1);
  });
});

describe('planEgress past 1,000 instances', () => {
  it('should give fixes that work (more IPs keeping today’s ports, a NAT gateway sized for the nodes), never a handful of ports per node', () => {
    const plan = planEgress({ egress: { type: 'loadBalancer', frontendIps: 1, allocatedOutboundPorts: 0 }, nodes: { current: 900, max: 5000, surge: 0 }, target: aks });
    // One IP at 5,000 nodes fits 8 ports each: not offered.
    expect(plan.recommendations.map((r) => r.code)).toEqual(['ADD_OUTBOUND_IPS', 'USE_NAT_GATEWAY']);
    expect(plan.recommendations[0]).toMatchObject({ after: { portsPerNode: 32, egress: { frontendIps: 3, allocatedOutboundPorts: 32 } }, coverage: 'full' });
    const nat = plan.recommendations[1]!;
    expect(nat.after.egress).toMatchObject({ type: 'natGateway', publicIps: 3 });
    expect(nat.rationale).toContain('5,000 nodes × 32 ports each');
    for (const recommendation of plan.recommendations) expect(recommendation.after.portsPerNodeWithSurge ?? 32).toBeGreaterThanOrEqual(32);
  });
});

describe('planEgress when no single fix covers the need', () => {
  it('should offer the best partial fix and say what it achieves', () => {
    // 70,000 connections to one destination per node: above 64,000 per instance, and beyond 16 NAT IPs at 100 nodes.
    const request: PlanRequestInput = { egress: { type: 'loadBalancer', frontendIps: 1 }, nodes: { current: 100, max: 100, surge: 0 }, workload: { peakConnectionsPerNode: 70_000, pooled: true }, target: aks };
    const plan = planEgress(request);
    const partial = plan.recommendations.find((r) => r.coverage === 'partial')!;
    expect(partial).toMatchObject({ code: 'ADD_OUTBOUND_IPS', after: { portsPerNode: 64_000, egress: { frontendIps: 100 } } });
    expect(partial.rationale).toContain('Partial: 64,000 ports per node cover 91 % of the 70,000 connections');
    expect(plan.recommendations.map((r) => r.code)).toContain('POOL_CONNECTIONS');
    expect(planRequestSchema.safeParse(applyRecommendation(request, partial)).success).toBe(true);
  });
});

describe('planEgress with node pools', () => {
  it('should count surge per pool on its max, rounded up, and sum it: three pools of max 5 at 10% surge 3 nodes, not 2', () => {
    const pools = ['a', 'b', 'c'].map((name) => ({ name, count: 2, maxCount: 5, maxSurge: '10%' }));
    const plan = planEgress({ egress: { type: 'loadBalancer', frontendIps: 1 }, nodes: { current: 6, pools }, target: aks });
    expect(plan.allocation.atMax).toMatchObject({ nodes: 15, surgeNodes: 3, nodesWithSurge: 18 });
    const summed = planEgress({ egress: { type: 'loadBalancer', frontendIps: 1 }, nodes: { current: 6, max: 15, surge: '10%' }, target: aks });
    expect(summed.allocation.atMax.surgeNodes).toBe(2);
  });

  it.each([
    { name: 'pools with max and surge besides', nodes: { current: 2, max: 5, pools: [{ count: 2, maxCount: 5 }] }, message: 'give either pools, or max and surge, not both' },
    { name: 'pools smaller than the nodes there are', nodes: { current: 9, pools: [{ count: 2, maxCount: 5 }] }, message: "the pools' maxCount (else count) must add up to at least nodes.current" },
  ])('should reject $name', ({ nodes, message }) => {
    const result = planRequestSchema.safeParse({ egress: { type: 'loadBalancer', frontendIps: 1 }, nodes });
    expect(result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))).toEqual([{ path: 'nodes.pools', message }]);
  });
});

import { describe, expect, it } from 'vitest';
import type { PlanRequestInput, Risk } from '../../src/snat/plan-schema.js';
import { planRequestSchema, planSchema } from '../../src/snat/plan-schema.js';
import { applyRecommendation, planEgress, planToJson } from '../../src/snat/planner.js';

const lb = (frontendIps: number, allocatedOutboundPorts = 0) => ({ type: 'loadBalancer' as const, frontendIps, allocatedOutboundPorts });
const lbTarget = { kind: 'loadBalancer' as const, resourceGroup: 'rg-net', loadBalancerName: 'edge-lb', outboundRuleName: 'outbound' };
const codes = (risks: readonly Risk[]) => risks.map((risk) => risk.code);
const risk = <C extends Risk['code']>(risks: readonly Risk[], code: C) => risks.find((r): r is Extract<Risk, { code: C }> => r.code === code);

describe('planEgress', () => {
  it('should plan the issue example: critical workload, the 50→51 cliff, pooling first', () => {
    const plan = planEgress({
      egress: { type: 'loadBalancer', frontendIps: 1, allocatedOutboundPorts: 0, idleTimeoutMinutes: 30 },
      nodes: { current: 48, max: 60, surge: 1 },
      workload: { peakConnectionsPerNode: 2000, sameDestinationShare: 0.8, pooled: false },
    });
    expect(plan.allocation).toEqual({
      mode: 'default',
      natGateway: null,
      frontendIps: 1,
      portsPerNode: 1024,
      capacityPorts: 64_000,
      nodes: 48,
      atMax: { nodes: 60, portsPerNode: 512, surgeNodes: 1, nodesWithSurge: 61, portsPerNodeWithSurge: 512 },
    });
    expect(codes(plan.risks)).toEqual(['WORKLOAD_EXCEEDS_ALLOCATION', 'TIER_CLIFF', 'CONNECTIONS_NOT_POOLED']);
    expect(risk(plan.risks, 'WORKLOAD_EXCEEDS_ALLOCATION')).toMatchObject({ severity: 'critical', connectionsPerDestinationPerNode: 1600, portsPerNode: 1024, atNodes: 48 });
    expect(risk(plan.risks, 'TIER_CLIFF')).toMatchObject({ atNodes: 51, portsPerNodeBefore: 1024, portsPerNodeAfter: 512 });
    expect(plan.recommendations.map((r) => r.code)).toEqual(['POOL_CONNECTIONS', 'ADD_OUTBOUND_IPS', 'USE_NAT_GATEWAY']);
    expect(plan.recommendations[0]!.after.workload).toMatchObject({ pooled: true, maxConnectionsPerDestination: 384 });
    expect(plan.recommendations[1]).toMatchObject({
      after: { egress: { frontendIps: 2, allocatedOutboundPorts: 1600 }, portsPerNodeWithSurge: 1600, capacityPorts: 128_000 },
      commands: ['az aks update --resource-group $RESOURCE_GROUP --name $CLUSTER_NAME --load-balancer-managed-outbound-ip-count 2 --load-balancer-outbound-ports 1600'],
    });
    // The NAT gateway keeps the cluster's 30-minute idle timeout.
    expect(plan.recommendations[2]!.after.egress).toEqual({ type: 'natGateway', sku: 'StandardV2', publicIps: 2, idleTimeoutMinutes: 30 });
  });

  it.each([
    { name: '50→51', current: 50, before: 1024, after: 512 },
    { name: '100→101', current: 100, before: 512, after: 256 },
    { name: '200→201', current: 200, before: 256, after: 128 },
    { name: '400→401', current: 400, before: 128, after: 64 },
    { name: '800→801', current: 800, before: 64, after: 32 },
  ])('should report the $name tier cliff and what each node keeps', ({ current, before, after }) => {
    const plan = planEgress({ egress: lb(1), nodes: { current, max: current + 1, surge: 0 } });
    expect(plan.risks).toEqual([expect.objectContaining({ code: 'TIER_CLIFF', atNodes: current + 1, portsPerNodeBefore: before, portsPerNodeAfter: after })]);
    expect(plan.recommendations[0]).toMatchObject({ code: 'SET_OUTBOUND_PORTS', addresses: ['TIER_CLIFF'] });
  });

  it.each([
    { name: 'already past the boundary', frontendIps: 1, current: 51, max: 100 },
    { name: 'two IPs keep 1,024 across 50→51', frontendIps: 2, current: 40, max: 60 },
    { name: 'shrinking gives ports back', frontendIps: 1, current: 60, max: 60 },
  ])('should report no tier cliff when $name', ({ frontendIps, current, max }) => {
    expect(codes(planEgress({ egress: lb(frontendIps), nodes: { current, max, surge: 0 } }).risks)).not.toContain('TIER_CLIFF');
  });

  it('should report a cliff that only the upgrade surge crosses, and say so', () => {
    const plan = planEgress({ egress: lb(1), nodes: { current: 45, max: 50, surge: 1 } });
    expect(risk(plan.risks, 'TIER_CLIFF')).toMatchObject({ atNodes: 51 });
    expect(risk(plan.risks, 'TIER_CLIFF')!.message).toContain('during an upgrade');
  });

  it('should cut three IPs from 1,024 to 768 at 101 nodes', () => {
    expect(risk(planEgress({ egress: lb(3), nodes: { current: 100, max: 101, surge: 0 } }).risks, 'TIER_CLIFF')).toMatchObject({
      portsPerNodeBefore: 1024,
      portsPerNodeAfter: 768,
    });
  });

  it('should warn that the workload outgrows the default allocation at the first node count it no longer fits', () => {
    const plan = planEgress({ egress: lb(1), nodes: { current: 40, max: 120, surge: 0 }, workload: { peakConnectionsPerNode: 600 } });
    expect(risk(plan.risks, 'WORKLOAD_EXCEEDS_ALLOCATION')).toMatchObject({ severity: 'warning', atNodes: 51, portsPerNode: 512 });
  });

  it('should reject the scale-out when manual ports × max exceed the frontends, and give the exact fixes', () => {
    const plan = planEgress({ egress: lb(1, 1024), nodes: { current: 50, max: 70, surge: 0 } });
    expect(plan.risks).toEqual([
      expect.objectContaining({
        code: 'SCALE_EXCEEDS_CAPACITY',
        severity: 'critical',
        nodes: 70,
        requiredPorts: 71_680,
        capacityPorts: 64_000,
        maxNodesThatFit: 62,
        azureErrorCode: 'InvalidLoadBalancerProfileAllocatedOutboundPorts',
      }),
    ]);
    expect(plan.allocation.atMax.portsPerNode).toBeNull();
    // Setting 912 ports would cut today's 1,024: it ranks below the fixes that keep them, and says so.
    expect(plan.recommendations.map((r) => [r.code, r.commands])).toEqual([
      ['ADD_OUTBOUND_IPS', ['az aks update --resource-group $RESOURCE_GROUP --name $CLUSTER_NAME --load-balancer-managed-outbound-ip-count 2 --load-balancer-outbound-ports 1024']],
      ['USE_NAT_GATEWAY', ['az aks update --resource-group $RESOURCE_GROUP --name $CLUSTER_NAME --outbound-type managedNATGateway --outbound-type-sku StandardV2 --nat-gateway-managed-outbound-ip-count 2 --nat-gateway-idle-timeout 30']],
      ['SET_OUTBOUND_PORTS', ['az aks update --resource-group $RESOURCE_GROUP --name $CLUSTER_NAME --load-balancer-outbound-ports 912']],
    ]);
    expect(plan.recommendations[2]).toMatchObject({ cutsPortsPerNode: { from: 1024, to: 912 }, rationale: expect.stringContaining("cuts every node from today's 1,024 ports to 912") });
  });

  it('should reject the next upgrade when only max + surge exceeds the frontends', () => {
    const plan = planEgress({ egress: lb(1, 1000), nodes: { current: 60, max: 64, surge: 1 } });
    expect(plan.risks).toEqual([
      expect.objectContaining({ code: 'SURGE_EXCEEDS_CAPACITY', nodes: 65, surgeNodes: 1, requiredPorts: 65_000, maxNodesThatFit: 64 }),
    ]);
    expect(plan.recommendations.at(-1)).toMatchObject({ code: 'SET_OUTBOUND_PORTS', after: { egress: { allocatedOutboundPorts: 984 } }, cutsPortsPerNode: { from: 1000, to: 984 } });
  });

  it('should fit the AKS doc example: 100 nodes × 4,000 ports on 7 IPs with 2 surge nodes, not 13', () => {
    const request = (surge: number): PlanRequestInput => ({ egress: lb(7, 4000), nodes: { current: 100, max: 100, surge } });
    expect(planEgress(request(2)).risks).toEqual([]);
    expect(risk(planEgress(request(13)).risks, 'SURGE_EXCEEDS_CAPACITY')).toMatchObject({ requiredPorts: 452_000, capacityPorts: 448_000, maxNodesThatFit: 112 });
  });

  it.each([
    { name: 'not a multiple of 8', egress: lb(1, 1001), current: 10, target: undefined, azureErrorCode: 'SpecifiedAllocatedOutboundPortsForOutboundRuleIsNotAMultipleOfEight' },
    { name: 'above 64,000 per instance', egress: lb(2, 64_008), current: 1, target: undefined, azureErrorCode: 'SpecifiedAllocatedOutboundPortsForOutboundRuleExceedsTotalNumberOfAllowedPortsPerRule' },
    { name: '10,000 ports × 7 VMs on one IP', egress: lb(1, 10_000), current: 7, target: lbTarget, azureErrorCode: 'SpecifiedAllocatedOutboundPortsForOutboundRuleExceedsTotalNumberOfAvailablePorts' },
    { name: 'AKS: 50 nodes × 1,600 ports on one IP', egress: lb(1, 1600), current: 50, target: undefined, azureErrorCode: 'InvalidLoadBalancerProfileAllocatedOutboundPorts' },
    { name: 'default table past 1,000 nodes', egress: lb(4), current: 1001, target: undefined, azureErrorCode: null },
  ])('should answer $name with Azure’s own error, not a crash', ({ egress, current, target, azureErrorCode }) => {
    const plan = planEgress({ egress, nodes: { current, surge: 0 }, ...(target ? { target } : {}) });
    expect(plan.risks).toEqual([expect.objectContaining({ code: 'INVALID_CONFIGURATION', severity: 'critical', azureErrorCode })]);
    expect(plan.allocation.portsPerNode).toBeNull();
    expect(plan.recommendations[0]).toMatchObject({ code: 'SET_OUTBOUND_PORTS', addresses: ['INVALID_CONFIGURATION'] });
  });

  it('should word the AKS rejection as AKS does', () => {
    const [invalid] = planEgress({ egress: lb(1, 1600), nodes: { current: 50 } }).risks;
    expect(invalid!.message).toBe(
      'Total node count 50 requires 80,000 ports but only 64,000 ports are available given 1 outbound public IP (64,000 each).',
    );
  });

  it('should give a NAT gateway with 2 IPs 129,024 shared ports and no per-node allocation', () => {
    const plan = planEgress({ egress: { type: 'natGateway', publicIps: 2, idleTimeoutMinutes: 4 }, nodes: { current: 120 } });
    expect(plan.allocation).toMatchObject({ mode: 'natGateway', frontendIps: 2, portsPerNode: null, capacityPorts: 129_024 });
    expect(plan.risks).toEqual([]);
  });

  it('should find the NAT per-destination limit and size IPs and the pool for it', () => {
    const plan = planEgress({
      egress: { type: 'natGateway', publicIps: 1 },
      nodes: { current: 120, surge: 0 },
      workload: { peakConnectionsPerNode: 1000 },
      target: { kind: 'natGateway', resourceGroup: 'rg-net', natGatewayName: 'egress-nat' },
    });
    expect(plan.risks).toEqual([expect.objectContaining({ code: 'DESTINATION_LIMIT', severity: 'critical', connectionsPerDestination: 120_000, limit: 50_000, atNodes: 120 })]);
    expect(plan.recommendations.map((r) => r.code)).toEqual(['ADD_OUTBOUND_IPS', 'POOL_CONNECTIONS']);
    expect(plan.recommendations[0]!.commands).toEqual([
      'az network public-ip create --resource-group rg-net --name egress-nat-ip-2 --sku Standard --allocation-method Static',
      'az network public-ip create --resource-group rg-net --name egress-nat-ip-3 --sku Standard --allocation-method Static',
      'az network nat gateway update --resource-group rg-net --name egress-nat --public-ip-addresses $(az network nat gateway show --resource-group rg-net --name egress-nat --query "publicIpAddresses[].id" --output tsv) egress-nat-ip-2 egress-nat-ip-3',
    ]);
    expect(plan.recommendations[1]!.after.workload).toMatchObject({ maxConnectionsPerDestination: 312 });
  });

  it('should plan a StandardV2 NAT gateway with its SKU’s limits and StandardV2 commands', () => {
    const plan = planEgress({
      egress: { type: 'natGateway', sku: 'StandardV2', publicIps: 1 },
      nodes: { current: 120, surge: 0 },
      workload: { peakConnectionsPerNode: 1000 },
      target: { kind: 'natGateway', resourceGroup: 'rg-net', natGatewayName: 'egress-v2' },
    });
    expect(plan.allocation.natGateway).toEqual({ sku: 'StandardV2', connectionsPerIpPerDestination: 50_000, totalConnections: 2_000_000, maxIpv4Addresses: 16, maxIpv6Addresses: 16 });
    expect(risk(plan.risks, 'DESTINATION_LIMIT')).toMatchObject({ limit: 50_000 });
    expect(plan.recommendations[0]!.commands[0]).toBe('az network public-ip create --resource-group rg-net --name egress-v2-ip-2 --sku StandardV2 --allocation-method Static --zone 1 2 3');
    expect(plan.recommendations[0]!.after.egress).toMatchObject({ type: 'natGateway', sku: 'StandardV2', publicIps: 3 });
  });

  it('should default the NAT gateway SKU to Standard, with IPv4 only', () => {
    const plan = planEgress({ egress: { type: 'natGateway', publicIps: 2 }, nodes: { current: 10 } });
    expect(plan.allocation.natGateway).toMatchObject({ sku: 'Standard', maxIpv6Addresses: 0 });
  });

  it('should move an AKS cluster to a managed StandardV2 NAT gateway with the SKU flag', () => {
    const plan = planEgress({ egress: lb(1, 0), nodes: { current: 120, max: 300 }, target: { kind: 'aks', resourceGroup: 'rg', clusterName: 'prod' } });
    const nat = plan.recommendations.find((r) => r.code === 'USE_NAT_GATEWAY')!;
    expect(nat.commands[0]).toMatch(/^az aks update --resource-group rg --name prod --outbound-type managedNATGateway --outbound-type-sku StandardV2 /);
    expect(nat.after.egress).toMatchObject({ type: 'natGateway', sku: 'StandardV2' });
  });

  it('should name a plain load balancer and its outbound rule in the commands, quoting what the shell needs', () => {
    const plan = planEgress({
      egress: lb(1, 1024),
      nodes: { current: 50, max: 70 },
      target: { ...lbTarget, resourceGroup: 'rg(prod)' },
    });
    const [add, , set] = plan.recommendations;
    expect(set!.commands).toEqual(["az network lb outbound-rule update --resource-group 'rg(prod)' --lb-name edge-lb --name outbound --outbound-ports 912"]);
    expect(add!.commands.at(-1)).toBe(
      `az network lb outbound-rule update --resource-group 'rg(prod)' --lb-name edge-lb --name outbound --frontend-ip-configs $(az network lb outbound-rule show --resource-group 'rg(prod)' --lb-name edge-lb --name outbound --query "frontendIPConfigurations[].id" --output tsv) edge-lb-outbound-2 --outbound-ports 1024`,
    );
  });

  it.each([
    { name: 'AKS, surge left out: 10% of max rounded up', target: undefined, surgeNodes: 6 },
    { name: 'plain load balancer, surge left out: none', target: lbTarget, surgeNodes: 0 },
  ])('should resolve the surge for $name', ({ target, surgeNodes }) => {
    const plan = planEgress({ egress: lb(1), nodes: { current: 40, max: 55 }, ...(target ? { target } : {}) });
    expect(plan.allocation.atMax.surgeNodes).toBe(surgeNodes);
  });

  it('should give the same bytes for the same request, and match its own response schema', () => {
    const request = { egress: lb(2, 0), nodes: { current: 90, max: 450, surge: '33%' }, workload: { peakConnectionsPerNode: 300, pooled: false } };
    const plan = planEgress(planRequestSchema.parse(request));
    expect(planToJson(planEgress(planRequestSchema.parse(request)))).toBe(planToJson(plan));
    expect(planSchema.parse(plan)).toEqual(plan);
    for (const recommendation of plan.recommendations) {
      const remaining = codes(planEgress(applyRecommendation(request, recommendation)).risks);
      expect(remaining.filter((code) => recommendation.addresses.includes(code))).toEqual([]);
    }
  });
});

describe('applyRecommendation', () => {
  it('should keep the surge the plan used when a load balancer moves to a NAT gateway and loses its names', () => {
    const request: PlanRequestInput = { egress: lb(1, 1024), nodes: { current: 50, max: 70 }, target: lbTarget };
    const nat = planEgress(request).recommendations.find((r) => r.code === 'USE_NAT_GATEWAY')!;
    const applied = applyRecommendation(request, nat);
    // 70 nodes × today's 1,024 ports need 2 NAT IPs; the plain load balancer's idle timeout (4) is kept.
    expect(applied).toEqual({ egress: { type: 'natGateway', sku: 'Standard', publicIps: 2, idleTimeoutMinutes: 4 }, nodes: { current: 50, max: 70, surge: 0 } });
    expect(planEgress(applied).allocation.atMax.surgeNodes).toBe(0);
  });
});

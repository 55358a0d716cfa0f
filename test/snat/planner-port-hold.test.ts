import { describe, expect, it } from 'vitest';
import { planRequestSchema, type PlanRequestInput, type Risk } from '../../src/snat/plan-schema.js';
import { applyRecommendation, planEgress } from '../../src/snat/planner.js';

const risk = <C extends Risk['code']>(risks: readonly Risk[], code: C) => risks.find((r): r is Extract<Risk, { code: C }> => r.code === code);
const aks = { kind: 'aks' as const, resourceGroup: 'rg-shop', clusterName: 'aks-shop' };
const edgeLb = { kind: 'loadBalancer' as const, resourceGroup: 'rg-net', loadBalancerName: 'edge-lb', outboundRuleName: 'outbound' };

describe('planEgress (port hold, Little\'s law)', () => {
  it.each([
    { name: 'a NAT gateway (65 s after FIN)', egress: { type: 'natGateway' as const, publicIps: 1 }, ports: 65_100 },
    { name: 'a load balancer (240 s after FIN)', egress: { type: 'loadBalancer' as const, frontendIps: 1 }, ports: 240_100 },
  ])('should say 100 concurrent 100-ms unpooled calls to one API need tens of thousands of ports on $name, not 100', ({ egress, ports }) => {
    const plan = planEgress({ egress, nodes: { current: 3, surge: 0 }, workload: { peakConnectionsPerNode: 100, connectionSeconds: 0.1, pooled: false } });
    const notPooled = risk(plan.risks, 'CONNECTIONS_NOT_POOLED');
    expect(notPooled!.message).toContain(`Unpooled, 100 concurrent calls of 100 ms open 60,000 new connections a minute`);
    expect(notPooled!.message).toContain(`holds ${ports.toLocaleString('en-US')} ports per node, not the 100 its concurrent connections suggest`);
    const pressure = plan.risks.find((r) => r.code === 'WORKLOAD_EXCEEDS_ALLOCATION' || r.code === 'DESTINATION_LIMIT');
    expect(pressure).toBeDefined();
    expect(plan.recommendations[0]!.code).toBe('POOL_CONNECTIONS');
    expect(plan.recommendations[0]!.rationale).toContain(`Today: Unpooled, 100 concurrent calls of 100 ms open 60,000 new connections a minute`);
  });

  it('should count new connections a minute times the hold after close against the allocation', () => {
    const plan = planEgress({ egress: { type: 'loadBalancer', frontendIps: 1 }, nodes: { current: 10, surge: 0 }, workload: { newConnectionsPerMinute: 300, connectionSeconds: 2 } });
    // 300/min × (2 s + 240 s) = 1,210 ports, above the 1,024 each of 10 nodes has.
    expect(risk(plan.risks, 'WORKLOAD_EXCEEDS_ALLOCATION')).toMatchObject({ severity: 'critical', connectionsPerDestinationPerNode: 1_210, portsPerNode: 1_024 });
  });

  it('should name idle connections and put LOWER_IDLE_TIMEOUT first with the exact AKS command', () => {
    const request: PlanRequestInput = {
      egress: { type: 'loadBalancer', frontendIps: 1, idleTimeoutMinutes: 30 },
      nodes: { current: 20, max: 20, surge: 0 },
      workload: { newConnectionsPerMinute: 28, connectionSeconds: 1_800 },
      target: aks,
    };
    const plan = planEgress(request);
    expect(risk(plan.risks, 'IDLE_CONNECTIONS')).toMatchObject({ severity: 'warning', newConnectionsPerMinute: 28, idleTimeoutMinutes: 30, portsHeld: 840, portsPerNode: 1_024 });
    const [top] = plan.recommendations;
    expect(top).toMatchObject({
      code: 'LOWER_IDLE_TIMEOUT',
      addresses: ['IDLE_CONNECTIONS'],
      commands: ['az aks update --resource-group rg-shop --name aks-shop --load-balancer-idle-timeout 4'],
      after: { egress: { idleTimeoutMinutes: 4 } },
    });
    expect(top!.rationale).toContain('At 4 minutes they hold about 112');
    const after = planEgress(applyRecommendation(request, top!));
    expect(after.risks.map((r) => r.code)).not.toContain('IDLE_CONNECTIONS');
  });

  it('should give a plain load balancer the outbound-rule command with TCP reset on', () => {
    const plan = planEgress({
      egress: { type: 'loadBalancer', frontendIps: 1, idleTimeoutMinutes: 60 },
      nodes: { current: 4, surge: 0 },
      workload: { newConnectionsPerMinute: 20, connectionSeconds: 7_200 },
      target: edgeLb,
    });
    const fix = plan.recommendations.find((r) => r.code === 'LOWER_IDLE_TIMEOUT');
    // 20/min held 60 min = 1,200 > 1,024 ports: lowering to 4 min also clears the shortfall.
    expect(fix).toMatchObject({
      addresses: ['IDLE_CONNECTIONS', 'WORKLOAD_EXCEEDS_ALLOCATION'],
      commands: ['az network lb outbound-rule update --resource-group rg-net --lb-name edge-lb --name outbound --idle-timeout 4 --enable-tcp-reset true'],
    });
  });

  it.each([
    { name: 'the idle timeout is already 4 minutes', idle: 4, rate: 200 },
    { name: 'idle connections fill under 75 % of the ports', idle: 30, rate: 20 },
  ])('should not raise IDLE_CONNECTIONS when $name', ({ idle, rate }) => {
    const plan = planEgress({ egress: { type: 'loadBalancer', frontendIps: 1, idleTimeoutMinutes: idle }, nodes: { current: 20, surge: 0 }, workload: { newConnectionsPerMinute: rate, connectionSeconds: 7_200 } });
    expect(plan.risks.map((r) => r.code)).not.toContain('IDLE_CONNECTIONS');
    expect(plan.recommendations.map((r) => r.code)).not.toContain('LOWER_IDLE_TIMEOUT');
  });

  it.each([
    { name: 'a negative rate', workload: { newConnectionsPerMinute: -1 }, path: 'workload.newConnectionsPerMinute' },
    { name: 'zero seconds', workload: { connectionSeconds: 0 }, path: 'workload.connectionSeconds' },
    { name: 'a string', workload: { connectionSeconds: '5' }, path: 'workload.connectionSeconds' },
  ])('should reject $name with a message naming the field', ({ workload, path }) => {
    const result = planRequestSchema.safeParse({ egress: { type: 'loadBalancer', frontendIps: 1 }, nodes: { current: 1 }, workload });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});

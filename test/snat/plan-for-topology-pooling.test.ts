import { describe, expect, it } from 'vitest';
import type { LoadBalancerTopology } from '../../src/snat/model.js';
import { planForTopology, requestForTopology } from '../../src/snat/plan-for-topology.js';
import { planRequestSchema } from '../../src/snat/plan-schema.js';

const edgeLb: LoadBalancerTopology = {
  kind: 'loadBalancer',
  id: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/loadBalancers/edge-lb',
  name: 'edge-lb',
  subscriptionId: '00000000-0000-0000-0000-000000000001',
  resourceGroup: 'rg-net',
  location: 'westeurope',
  frontendIps: 1,
  backendPoolSize: 10,
  backendIps: [],
  outboundRule: { name: 'outbound', allocatedOutboundPorts: 0, idleTimeoutMinutes: 60, enableTcpReset: false },
  aks: null,
};

describe('planForTopology (observed pooling diagnosis)', () => {
  it('should plan idle connections seen on a node at risk as held until the idle timeout, and lower it first', () => {
    const observed = { peakUsedPerNode: 900, idleConnections: { newConnectionsPerMinute: 20, peakUsed: 900, idleTimeoutMinutes: 60 } };
    expect(planRequestSchema.safeParse(requestForTopology(edgeLb, observed)).success).toBe(true);
    const plan = planForTopology(edgeLb, observed);
    // 20/min × 60 min would be 1,200 ports; the node held 900 at most, so the plan holds 15/min × 60 min.
    expect(plan.risks.find((risk) => risk.code === 'IDLE_CONNECTIONS')).toMatchObject({ portsHeld: 900, portsPerNode: 1_024 });
    expect(plan.risks.map((risk) => risk.code)).not.toContain('WORKLOAD_EXCEEDS_ALLOCATION');
    expect(plan.recommendations[0]).toMatchObject({
      code: 'LOWER_IDLE_TIMEOUT',
      commands: ['az network lb outbound-rule update --resource-group rg-net --lb-name edge-lb --name outbound --idle-timeout 4 --enable-tcp-reset true'],
    });
  });

  it('should put pooling first when a node at risk also churns connections', () => {
    const plan = planForTopology(edgeLb, { peakUsedPerNode: 900, notPooling: true, idleConnections: { newConnectionsPerMinute: 20, peakUsed: 900, idleTimeoutMinutes: 60 } });
    expect(plan.recommendations[0]!.code).toBe('POOL_CONNECTIONS');
  });
});

import { describe, expect, it } from 'vitest';
import { readTopology } from '../../../src/azure/topology.js';
import { manualClock } from '../../../src/local/simulated-azure/clock.js';
import { createOwnIpsScenario } from '../../../src/local/simulated-azure/scenario-own-ips.js';
import type { LoadBalancerTopology } from '../../../src/snat/model.js';
import { planForTopology } from '../../../src/snat/plan-for-topology.js';
import { azureClientsFor, useSimulatedAzure } from '../../support/simulated-azure.js';

describe('createOwnIpsScenario', () => {
  it('should play one cluster on its own public IPs and one on its own prefix, both near exhaustion, whose fixes keep those IPs', async () => {
    const scenario = createOwnIpsScenario({ clock: manualClock(new Date('2026-03-02T08:00:00Z')) });
    const azure = await useSimulatedAzure(scenario.world);
    const reads = await readTopology(scenario.targetIds, { clients: azureClientsFor(azure), defaultSurge: '10%' });
    const [pay, ledger] = reads.map((read) => (read.ok ? read.value : undefined) as LoadBalancerTopology);

    expect(pay).toMatchObject({ frontendIps: 2, backendPoolSize: 40, aks: { clusterName: 'aks-pay', outboundIps: { kind: 'publicIps' }, allocatedOutboundPorts: 3000 } });
    expect(ledger).toMatchObject({ frontendIps: 2, backendPoolSize: 30, aks: { clusterName: 'aks-ledger', outboundIps: { kind: 'prefixes' }, allocatedOutboundPorts: 4000 } });
    // Surge per pool on its max: system 1 + apps 10% of 43 → 5.
    expect(pay!.aks).toMatchObject({ maxNodes: 46, surgeNodes: 6 });

    for (const topology of [pay!, ledger!]) {
      const plan = planForTopology(topology, { peakUsedPerNode: topology.aks!.allocatedOutboundPorts });
      expect(plan.risks.map((risk) => risk.code)).toContain('SCALE_EXCEEDS_CAPACITY');
      const add = plan.recommendations.find((r) => r.code === 'ADD_OUTBOUND_IPS')!;
      const source = topology.aks!.outboundIps!;
      expect(add.changesEgressIps).toBe(false);
      expect(add.commands.at(-1)).toContain('ids' in source ? source.ids.join(',') : 'never');
      expect(plan.recommendations.flatMap((r) => r.commands).join('\n')).not.toContain('--load-balancer-managed-outbound-ip-count');
    }
  });
});

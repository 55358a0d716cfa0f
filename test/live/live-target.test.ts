import { describe, expect, it } from 'vitest';
import { liveTarget } from '../../src/live/live-target.js';
import { prefillOf } from '../../src/live/page-target.js';
import type { AksContext, TopologyNote } from '../../src/snat/model.js';
import { planForTopology } from '../../src/snat/plan-for-topology.js';
import { planRequestSchema } from '../../src/snat/plan-schema.js';
import { NOW, snapshotOf } from './live-fixtures.js';

const own = ['a', 'b'].map((n) => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-egress/providers/Microsoft.Network/publicIPAddresses/egress-${n}`);

function withAks(aks: Partial<AksContext>, notes: TopologyNote[] = []) {
  const snapshot = snapshotOf({ name: 'kubernetes', used: [100, 200] });
  const topology = snapshot.topology!;
  if (topology.kind !== 'loadBalancer') throw new Error('expected a load balancer');
  const full: AksContext = {
    clusterId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-pay/providers/Microsoft.ContainerService/managedClusters/pay',
    clusterName: 'pay', resourceGroup: 'rg-pay', maxNodes: 2, surgeNodes: 1, outboundType: 'loadBalancer', managedOutboundIps: null, allocatedOutboundPorts: 0,
    ...aks,
  };
  const withCluster = { ...topology, frontendIps: 2, aks: full, notes };
  return liveTarget({ ...snapshot, topology: withCluster, plan: planForTopology(withCluster) }, { nowMs: NOW.getTime(), staleAfterMinutes: 10 });
}

describe('liveTarget', () => {
  it("should carry a cluster's own IPs so the what-if form posts them, and fixes keep them", () => {
    const target = withAks({ outboundIps: { kind: 'publicIps', ids: own } });
    expect(target.aksCluster).toEqual({ name: 'pay', resourceGroup: 'rg-pay', outboundIps: { kind: 'publicIps', ids: own } });
    const names = JSON.parse(String(prefillOf(target.plan!, target).names));
    // What page-script.ts posts: the own IPs move into the egress, the rest is the target.
    const { outboundIps, ...rest } = names;
    const request = { egress: { type: 'loadBalancer', frontendIps: 2, outboundIps }, nodes: { current: 2 }, target: rest };
    expect(planRequestSchema.safeParse(request).success).toBe(true);
  });

  it('should say once what the topology could not read, and name no cluster it only guessed at', () => {
    const note: TopologyNote = { code: 'AKS_CLUSTER_UNREADABLE', message: 'The AKS cluster behind this load balancer could not be read (HTTP 403 AuthorizationFailed).' };
    const target = withAks({ clusterId: null, clusterName: '$CLUSTER_NAME', resourceGroup: '$RESOURCE_GROUP', source: 'load-balancer' }, [note]);
    expect(target.notes).toEqual([note]);
    expect(target.aksCluster).toBeNull();
    expect(target.plan!.assumptions).toContain('The cluster and its resource group are unknown: $CLUSTER_NAME and $RESOURCE_GROUP stand in for them in the commands.');
  });
});

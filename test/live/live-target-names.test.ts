import { describe, expect, it } from 'vitest';
import { liveTarget } from '../../src/live/live-target.js';
import { liveTargetSchema } from '../../src/live/live-view-schema.js';
import { NOW, aksTopology, natTopology, snapshotOf } from '../digest/digest-fixtures.js';

const context = { nowMs: NOW.getTime(), staleAfterMinutes: 5 };

describe('liveTarget names', () => {
  it('should name the AKS cluster before its `kubernetes` load balancer, and give the cluster in the JSON', () => {
    const topology = { ...aksTopology('kubernetes', 3), aks: aksTopology('aks-shop-prod', 3).aks };
    const target = liveTarget(snapshotOf(topology), context);
    expect(target).toMatchObject({ name: 'kubernetes', displayName: 'aks-shop-prod · load balancer kubernetes', cluster: { name: 'aks-shop-prod', id: topology.aks!.clusterId } });
    expect(liveTargetSchema.safeParse(target).success).toBe(true);
  });

  it('should name the cluster of a NAT gateway, and no cluster where there is none', () => {
    const cluster = { id: null, name: 'aks-pay', resourceGroup: 'rg-pay' };
    expect(liveTarget(snapshotOf({ ...natTopology('nat-egress'), cluster }), context)).toMatchObject({ displayName: 'aks-pay · NAT gateway nat-egress', cluster: { name: 'aks-pay', id: null } });
    expect(liveTarget(snapshotOf(natTopology('nat-edge')), context)).toMatchObject({ displayName: 'NAT gateway nat-edge', cluster: null });
  });
});

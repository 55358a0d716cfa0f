import { describe, expect, it } from 'vitest';
import { evaluateTarget } from '../../src/snat/evaluate-target.js';
import type { AksContext } from '../../src/snat/model.js';
import { NOW, RULES, backend, lbMetrics, lbTopology } from './evaluate-fixtures.js';

const flat = (value: number | null, count = 15) => Array.from({ length: count }, () => value);
const manualRule = { name: 'aksOutboundRule', allocatedOutboundPorts: 4_000, idleTimeoutMinutes: 30, enableTcpReset: true };
const aks: AksContext = {
  clusterId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/prod',
  clusterName: 'prod',
  resourceGroup: 'rg-aks',
  maxNodes: 10,
  surgeNodes: 1,
  outboundType: 'loadBalancer',
  managedOutboundIps: 1,
  allocatedOutboundPorts: 4_000,
};

function driftOf(evaluation: ReturnType<typeof evaluateTarget>) {
  return {
    findings: evaluation.findings.filter((finding) => finding.code === 'ALLOCATION_DRIFT'),
    signal: evaluation.signals.find((signal) => signal.condition === 'ALLOCATION_DRIFT') ?? null,
  };
}

describe('allocationDriftFindings', () => {
  it('should report an explicit outbound-ports setting silently reset to the default after scaling', () => {
    const topology = lbTopology({ outboundRule: manualRule, aks });
    const evaluation = evaluateTarget(
      topology,
      lbMetrics([backend('10.0.0.4', { used: flat(900), allocated: 1_024 }), backend('10.0.0.5', { used: flat(100), allocated: 4_000 })]),
      RULES,
      NOW,
    );
    const drift = driftOf(evaluation);
    expect(drift.findings).toHaveLength(1);
    expect(drift.findings[0]).toMatchObject({ severity: 'warning', node: '*' });
    expect(drift.findings[0]!.message).toMatch(/1,024 SNAT ports per node on 1 of 2 nodes.*'aksOutboundRule' asks for 4,000.*reset/);
    expect(drift.signal).toMatchObject({ sustained: 'warning', node: '*' });
    // Judged against what Azure really allocates: 900 of 1,024 is a warning (of 4,000 it would be fine).
    expect(evaluation.nodes[0]).toMatchObject({ node: '10.0.0.4', allocationDrift: true, reportedAllocated: 1_024, modelAllocated: 4_000, status: 'warning' });
  });

  it.each([
    { name: 'matching allocation', allocated: flat(4_000), sustained: null, current: null },
    { name: 'drift for fewer minutes than the for duration', allocated: [...flat(4_000, 11), ...flat(1_024, 4)], sustained: null, current: 'warning' },
    { name: 'drift for the for duration', allocated: [...flat(4_000, 10), ...flat(1_024, 5)], sustained: 'warning', current: 'warning' },
    { name: 'fractional averages of the same allocation', allocated: flat(3_999.6), sustained: null, current: null },
  ])('should judge $name', ({ allocated, sustained, current }) => {
    const evaluation = evaluateTarget(lbTopology({ outboundRule: manualRule }), lbMetrics([backend('10.0.0.4', { used: flat(100), allocated })]), RULES, NOW);
    const drift = driftOf(evaluation);
    if (current === null) expect(drift.signal).toBeNull();
    else expect(drift.signal).toMatchObject({ sustained, current });
    expect(drift.findings).toHaveLength(sustained ? 1 : 0);
  });

  it('should compare against the default table when the rule asks for the default', () => {
    const topology = lbTopology({ backendPoolSize: 60 });
    const evaluation = evaluateTarget(topology, lbMetrics([backend('10.0.0.4', { used: flat(100), allocated: 1_024 })]), RULES, NOW);
    expect(driftOf(evaluation).findings[0]!.message).toMatch(/default allocation for 60 backends on 1 frontend IP is 512/);
  });

  it('should report an AKS profile that disagrees with the load balancer outbound rule', () => {
    const topology = lbTopology({ outboundRule: { ...manualRule, allocatedOutboundPorts: 8_000 }, aks });
    const evaluation = evaluateTarget(topology, lbMetrics([backend('10.0.0.4', { used: flat(100), allocated: 8_000 })]), RULES, NOW);
    const drift = driftOf(evaluation);
    expect(drift.findings).toHaveLength(1);
    expect(drift.findings[0]!.message).toMatch(/AKS cluster prod sets outbound ports to 4,000.*'aksOutboundRule' has 8,000.*az aks update/);
    expect(drift.signal).toMatchObject({ sustained: 'warning' });
  });

  it('should say so when the model cannot compute the allocation, and not report drift', () => {
    const evaluation = evaluateTarget(lbTopology({ backendPoolSize: 1_200 }), lbMetrics([backend('10.0.0.4', { used: flat(100), allocated: 32 })]), RULES, NOW);
    expect(evaluation.findings.map((finding) => finding.code)).toContain('MODEL_UNAVAILABLE');
    expect(driftOf(evaluation).signal).toBeNull();
    expect(evaluation.nodes[0]!.status).toBe('critical');
  });
});

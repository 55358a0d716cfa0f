import { describe, expect, it } from 'vitest';
import { evaluateTarget } from '../../src/snat/evaluate-target.js';
import type { GatewayNodeEvaluation } from '../../src/snat/evaluation.js';
import { NOW, RULES, minutes, natMetrics, natTopology, steady } from './evaluate-fixtures.js';

function evaluateGateway(overrides: Parameters<typeof natMetrics>[0], publicIps = 2) {
  const evaluation = evaluateTarget(natTopology({ publicIps }), natMetrics(overrides), RULES, NOW);
  return { evaluation, node: evaluation.nodes[0] as GatewayNodeEvaluation, codes: evaluation.findings.map((finding) => finding.code) };
}

describe('evaluateNatGateway', () => {
  it('should call a quiet gateway ok with its pool of 64,512 ports per IP', () => {
    const { evaluation, node } = evaluateGateway({});
    expect(evaluation.status).toBe('ok');
    expect(node).toMatchObject({ allocated: 129_024, used: 20_000, failedConnections: 0, datapathAvailability: 100, attemptedConnections: 15_000 });
  });

  it.each([
    { name: 'failed connections', overrides: { failedConnections: minutes([0, 7]) }, status: 'critical', code: 'SNAT_EXHAUSTION' },
    { name: 'pool use at warning', overrides: { activeConnections: steady(100_000) }, status: 'warning', code: 'HIGH_SNAT_UTILIZATION' },
    { name: 'pool use at critical', overrides: { activeConnections: steady(120_000) }, status: 'critical', code: 'HIGH_SNAT_UTILIZATION' },
    { name: 'datapath availability below 90 %', overrides: { datapathAvailability: steady(85) }, status: 'warning', code: 'DATAPATH_DEGRADED' },
    { name: 'datapath availability of exactly 90 %', overrides: { datapathAvailability: steady(90) }, status: 'ok', code: null },
    { name: 'dropped packets', overrides: { droppedPackets: minutes([0, 12]) }, status: 'ok', code: 'PACKETS_DROPPED' },
  ])('should judge $name as $status', ({ overrides, status, code }) => {
    const { evaluation, codes } = evaluateGateway(overrides);
    expect(evaluation.status).toBe(status);
    if (code) expect(codes).toContain(code);
    else expect(codes).toEqual([]);
  });

  it.each([
    { name: 'empty timeseries everywhere', overrides: { attemptedConnections: [], activeConnections: [], datapathAvailability: [] } },
    { name: 'only null and NaN', overrides: { attemptedConnections: steady(null), activeConnections: steady(Number.NaN), datapathAvailability: steady(null) } },
    { name: 'only stale points', overrides: { attemptedConnections: minutes([5], 9), activeConnections: minutes([5], 9), datapathAvailability: minutes([100], 9) } },
  ])('should call a gateway with $name unknown, never ok', ({ overrides }) => {
    const { evaluation } = evaluateGateway(overrides);
    expect(evaluation).toMatchObject({ status: 'unknown', noData: 'no-metrics' });
    expect(evaluation.signals.every((signal) => signal.unknown)).toBe(true);
  });

  it('should raise the datapath signal and explain it in words', () => {
    const { evaluation } = evaluateGateway({ datapathAvailability: steady(72.5) });
    expect(evaluation.signals).toContainEqual({ condition: 'DATAPATH_DEGRADED', node: '*', sustained: 'warning', current: 'warning', held: 'warning', unknown: false });
    expect(evaluation.findings[0]!.message).toMatch(/averaged 72\.5% over the last 15 min \(below 90%\)/);
  });

  it('should fire pool use only after the for duration, like a backend', () => {
    const rising = minutes([20_000, 20_000, 20_000, 120_000, 120_000, 120_000]);
    const { evaluation } = evaluateGateway({ activeConnections: rising });
    expect(evaluation.signals.find((signal) => signal.condition === 'SNAT_UTILIZATION')).toMatchObject({ sustained: null, current: 'critical' });
  });
});
